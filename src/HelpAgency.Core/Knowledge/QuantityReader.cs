using System.Globalization;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Reads the numbers with units that people write in a question: 投资大概200万, 建筑面积8000平方米, 8千平米,
/// 高度30米, 2亿, 两千平, 挖方两万方. A number with 万 or 亿 and no unit is money unless the words before it say area or height.
/// </summary>
public static class QuantityReader
{
    private const string ChineseDigits = "零〇一二两三四五六七八九";
    private const string Multipliers = "十百千万亿";

    // Words shortly before a number that tell what it measures when no unit follows it.
    private static readonly (string Word, QuantityKind Kind)[] ContextWords =
    [
        ("面积", QuantityKind.Area), ("占地", QuantityKind.Area), ("高度", QuantityKind.Length), ("层高", QuantityKind.Length), ("楼高", QuantityKind.Length),
        ("投资", QuantityKind.Money), ("造价", QuantityKind.Money), ("资金", QuantityKind.Money), ("预算", QuantityKind.Money), ("金额", QuantityKind.Money),
        ("合同价", QuantityKind.Money), ("能耗", QuantityKind.Energy), ("用能", QuantityKind.Energy), ("耗能", QuantityKind.Energy), ("用电", QuantityKind.Electricity),
        ("土方", QuantityKind.Volume), ("挖方", QuantityKind.Volume), ("填方", QuantityKind.Volume), ("土石方", QuantityKind.Volume),
    ];

    /// <summary>Every quantity in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<Quantity> Read(string text)
    {
        var found = new List<Quantity>();
        var i = 0;
        while (i < text.Length)
        {
            if (!TryNumber(text, i, out var value, out var end, out var multiplied))
            {
                i++;
                continue;
            }

            var start = i;
            var at = SkipVague(text, end);
            var unit = UnitAt(text, at);
            if (unit is { } u)
            {
                found.Add(new Quantity(u.Kind, value * u.Factor, start, at + u.Word.Length));
                i = at + u.Word.Length;
                continue;
            }

            var kind = ContextKind(text, start);
            if (kind is not null || multiplied || char.IsAsciiDigit(text[start]))
            {
                // A bare number after 投资 is taken in 万元, as people state investments; after 面积 or 高度 in square metres or metres.
                var resolved = kind ?? (multiplied ? QuantityKind.Money : QuantityKind.Count);
                var scaled = resolved == QuantityKind.Money && !multiplied && value < 1e5 ? value * 1e4 : value;
                found.Add(new Quantity(resolved, scaled, start, at));
            }

            i = Math.Max(at, start + 1);
        }

        return found;
    }

    /// <summary>The first quantity of <paramref name="kind"/>, or null.</summary>
    public static double? First(IReadOnlyList<Quantity> quantities, QuantityKind kind)
    {
        foreach (var q in quantities)
        {
            if (q.Kind == kind)
            {
                return q.Value;
            }
        }

        return null;
    }

    private static bool TryNumber(string text, int start, out double value, out int end, out bool multiplied)
    {
        value = 0;
        end = start;
        multiplied = false;
        if (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] == '.'))
        {
            return false;
        }

        if (char.IsAsciiDigit(text[start]))
        {
            end = start;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || (text[end] is '.' or ',' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1]))))
            {
                end++;
            }

            value = double.Parse(text.AsSpan(start, end - start).ToString().Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            while (end < text.Length && Multipliers.Contains(text[end], StringComparison.Ordinal))
            {
                value *= Multiplier(text[end]);
                multiplied |= text[end] is '万' or '亿';
                end++;
            }

            return true;
        }

        if (!ChineseDigits.Contains(text[start], StringComparison.Ordinal) && !(text[start] == '十' && start + 1 < text.Length && ChineseDigits.Contains(text[start + 1], StringComparison.Ordinal)))
        {
            return false;
        }

        end = start;
        while (end < text.Length && (ChineseDigits.Contains(text[end], StringComparison.Ordinal) || Multipliers.Contains(text[end], StringComparison.Ordinal)))
        {
            end++;
        }

        var run = text[start..end];
        if (run.Length == 1 && run[0] is '一' or '两')
        {
            // "一下", "一个", "两个" are words, not amounts, unless a unit follows.
            if (UnitAt(text, SkipVague(text, end)) is null)
            {
                return false;
            }
        }

        value = ParseChinese(run);
        multiplied = run.Contains('万', StringComparison.Ordinal) || run.Contains('亿', StringComparison.Ordinal);
        return value > 0;
    }

    /// <summary>A Chinese numeral such as 三千五百, 两万, 一亿二千万.</summary>
    private static double ParseChinese(string run)
    {
        double total = 0, section = 0, digit = 0;
        foreach (var c in run)
        {
            var d = "零〇一二两三四五六七八九".IndexOf(c, StringComparison.Ordinal);
            if (d >= 0)
            {
                digit = d switch { 0 or 1 => 0, 2 => 1, 3 or 4 => 2, _ => d - 2 };
                continue;
            }

            var m = Multiplier(c);
            if (m >= 1e4)
            {
                section = (section + digit) * m;
                total += section;
                section = 0;
            }
            else
            {
                section += (digit == 0 ? 1 : digit) * m;
            }

            digit = 0;
        }

        return total + section + digit;
    }

    private static double Multiplier(char c) => c switch
    {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 1e4,
        '亿' => 1e8,
        _ => 1,
    };

    private static int SkipVague(string text, int at)
    {
        while (at < text.Length && text[at] is '多' or '余' or '来' or ' ')
        {
            at++;
        }

        return at;
    }

    private static (string Word, QuantityKind Kind, double Factor)? UnitAt(string text, int at)
    {
        foreach (var unit in QuantityUnits.Words)
        {
            if (string.CompareOrdinal(text, at, unit.Word, 0, unit.Word.Length) == 0 && at + unit.Word.Length <= text.Length)
            {
                return unit;
            }
        }

        return null;
    }

    private static QuantityKind? ContextKind(string text, int start)
    {
        var from = Math.Max(0, start - 8);
        var window = text.AsSpan(from, start - from);
        QuantityKind? kind = null;
        var nearest = -1;
        foreach (var (word, k) in ContextWords)
        {
            var at = window.LastIndexOf(word, StringComparison.Ordinal);
            if (at > nearest)
            {
                nearest = at;
                kind = k;
            }
        }

        return kind;
    }
}
