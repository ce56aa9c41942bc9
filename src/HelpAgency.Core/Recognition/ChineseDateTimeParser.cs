using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// Reads Chinese date and time expressions relative to a reference time in China time (UTC+8, no daylight
/// saving): 明天下午三点, 下周二上午, 3月5日, 后天, 今天10点半, 周五, 下午2点, 3天后. Values are ISO 8601: a date
/// ("2026-11-26"), a time ("2026-11-26T15:00:00+08:00") or, for a part of a day, an interval ("start/end").
/// </summary>
public static partial class ChineseDateTimeParser
{
    /// <summary>China time; fixed, as China keeps no daylight saving time.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The date and time expressions in <paramref name="text"/>, at offsets into it.</summary>
    public static IReadOnlyList<RecognizedEntity> Parse(string text, DateTimeOffset now)
    {
        var output = new List<RecognizedEntity>();
        Collect(TextNormalizer.Plain.Fold(text), now, output);
        return output;
    }

    /// <summary>Adds what is found in <paramref name="folded"/> (same offsets as the original) to <paramref name="output"/>.</summary>
    internal static void Collect(string folded, DateTimeOffset now, List<RecognizedEntity> output)
    {
        var local = now.ToOffset(ChinaOffset);
        var today = DateOnly.FromDateTime(local.DateTime);
        foreach (Match match in Expression().Matches(folded))
        {
            if (match.Length > 0 && Resolve(match, local, today) is { } value)
            {
                output.Add(new RecognizedEntity("datetime", value, null, match.Index, match.Index + match.Length));
            }
        }
    }

    private static string? Resolve(Match match, DateTimeOffset now, DateOnly today)
    {
        var date = ResolveDate(match, today, out var impliedPart);
        var part = match.Groups["pod"].Success ? match.Groups["pod"].Value : impliedPart;
        TimeOnly? time = null;
        if (match.Groups["h"].Success)
        {
            var hourText = match.Groups["h"].Value;
            var spokenHour = !char.IsAsciiDigit(hourText[0]);

            // "快一点" or "差一点" is no time: a spoken hour needs a day or a part of the day beside it.
            if (spokenHour && date is null && part is null)
            {
                return null;
            }

            if (ToNumber(hourText) is not { } hour || hour > 24 || ToMinutes(match.Groups["mi"]) is not { } minutes)
            {
                return null;
            }

            hour = part switch
            {
                "下午" or "晚上" or "傍晚" or "晚" when hour < 12 => hour + 12,
                "中午" when hour < 6 => hour + 12,
                null when hour is >= 1 and <= 6 => hour + 12, // at work, "3点" means the afternoon
                _ => hour,
            };
            time = hour == 24 ? new TimeOnly(23, 59) : new TimeOnly(hour, minutes);
        }

        if (date is null && time is null)
        {
            return null;
        }

        if (date is null)
        {
            // A time alone means its next occurrence.
            date = time > TimeOnly.FromDateTime(now.DateTime) ? today : today.AddDays(1);
        }

        if (time is { } t)
        {
            return Format(date.Value, t);
        }

        if (part is not null && PartOfDay(part) is var (from, to))
        {
            return $"{Format(date.Value, from)}/{Format(date.Value, to)}";
        }

        return date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static DateOnly? ResolveDate(Match match, DateOnly today, out string? impliedPart)
    {
        impliedPart = null;
        if (match.Groups["rel"].Success)
        {
            var word = match.Groups["rel"].Value;
            impliedPart = word switch
            {
                "今晚" or "明晚" => "晚上",
                "明早" => "早上",
                _ => null,
            };
            return today.AddDays(word switch
            {
                "前天" => -2,
                "昨天" => -1,
                "今天" or "今日" or "今儿" or "今晚" => 0,
                "明天" or "明日" or "明儿" or "明晚" or "明早" => 1,
                "后天" => 2,
                _ => 3,
            });
        }

        if (match.Groups["wd"].Success)
        {
            var target = match.Groups["wd"].Value switch
            {
                "一" or "1" => 0,
                "二" or "2" => 1,
                "三" or "3" => 2,
                "四" or "4" => 3,
                "五" or "5" => 4,
                "六" or "6" => 5,
                _ => 6,
            };
            var todayIndex = ((int)today.DayOfWeek + 6) % 7;
            var monday = today.AddDays(-todayIndex);
            var prefix = match.Groups["wkp"].Value;
            return prefix switch
            {
                "" => today.AddDays((target - todayIndex + 7) % 7),
                "这" or "这个" or "本" => monday.AddDays(target),
                "上" or "上个" => monday.AddDays(target - 7),
                "下下" or "下下个" => monday.AddDays(target + 14),
                _ => monday.AddDays(target + 7),
            };
        }

        if (match.Groups["m"].Success)
        {
            if (ToNumber(match.Groups["m"].Value) is not { } month || ToNumber(match.Groups["d"].Value) is not { } day || month is < 1 or > 12)
            {
                return null;
            }

            if (match.Groups["y"].Success)
            {
                return Date(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), month, day);
            }

            return Closest(today, [Date(today.Year - 1, month, day), Date(today.Year, month, day), Date(today.Year + 1, month, day)]);
        }

        if (match.Groups["dm"].Success)
        {
            var day = int.Parse(match.Groups["dm"].Value, CultureInfo.InvariantCulture);
            var thisMonth = new DateOnly(today.Year, today.Month, 1);
            var candidates = new[] { -1, 0, 1 }.Select(k => thisMonth.AddMonths(k)).Select(m => Date(m.Year, m.Month, day));
            return Closest(today, candidates);
        }

        if (match.Groups["n"].Success && ToNumber(match.Groups["n"].Value) is { } days)
        {
            return today.AddDays(days);
        }

        return null;
    }

    private static DateOnly? Closest(DateOnly today, IEnumerable<DateOnly?> candidates) =>
        candidates.Where(c => c is not null)
            .OrderBy(c => Math.Abs(c!.Value.DayNumber - today.DayNumber))
            .ThenByDescending(c => c!.Value.DayNumber)
            .FirstOrDefault();

    private static DateOnly? Date(int year, int month, int day) =>
        day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static string Format(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static (TimeOnly From, TimeOnly To)? PartOfDay(string part) => part switch
    {
        "凌晨" => (new TimeOnly(0, 0), new TimeOnly(6, 0)),
        "早上" or "早晨" => (new TimeOnly(7, 0), new TimeOnly(9, 0)),
        "上午" => (new TimeOnly(9, 0), new TimeOnly(12, 0)),
        "中午" => (new TimeOnly(12, 0), new TimeOnly(14, 0)),
        "下午" => (new TimeOnly(13, 0), new TimeOnly(18, 0)),
        "傍晚" => (new TimeOnly(17, 0), new TimeOnly(19, 0)),
        "晚上" or "晚" => (new TimeOnly(18, 0), new TimeOnly(22, 0)),
        _ => null,
    };

    private static int? ToMinutes(Group group)
    {
        if (!group.Success)
        {
            return 0;
        }

        return group.Value switch
        {
            "半" => 30,
            "一刻" => 15,
            "三刻" => 45,
            var v => ToNumber(v) is { } m && m < 60 ? m : null,
        };
    }

    /// <summary>Reads "12", "十二", "二十三", "两", "三十一".</summary>
    internal static int? ToNumber(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            return int.Parse(text, CultureInfo.InvariantCulture);
        }

        var total = 0;
        var digit = -1;
        foreach (var c in text)
        {
            var value = "零一二三四五六七八九".IndexOf(c, StringComparison.Ordinal);
            if (c == '两')
            {
                value = 2;
            }
            else if (c == '〇')
            {
                value = 0;
            }

            if (value >= 0)
            {
                digit = value;
            }
            else if (c == '十')
            {
                total += (digit < 0 ? 1 : digit) * 10;
                digit = -1;
            }
            else
            {
                return null;
            }
        }

        return total + Math.Max(digit, 0);
    }

    private const string Cn = "零〇一二两三四五六七八九十";

    [GeneratedRegex(
        @"(?<![0-9])(?:" +
        @"(?<rel>大后天|后天|明天|明日|明儿|明晚|明早|今天|今日|今儿|今晚|昨天|前天)" +
        @"|(?<wkp>下下个?|下个?|上个?|这个?|本)?(?:周|星期|礼拜)(?<wd>[一二三四五六日天1-7])" +
        @"|(?:(?<y>20\d{2})年)?(?<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?<d>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号]?" +
        @"|(?<dm>3[01]|[12][0-9]|0?[1-9])号(?![楼线门院栋室地窗口])" +
        @"|(?<n>[0-9]{1,2}|[一二两三四五六七八九十]{1,2})天(?:后|以后|之后)" +
        @")?(?<pod>上午|下午|中午|晚上|早上|早晨|傍晚|凌晨)?" +
        @"(?:(?<h>2[0-4]|[01]?[0-9]|[" + Cn + @"]{1,3})(?:点|时|:)(?<mi>半|一刻|三刻|[0-5][0-9]|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九](?=分))?分?)?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
