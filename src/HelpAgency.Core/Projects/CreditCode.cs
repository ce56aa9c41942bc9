using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HelpAgency.Core.Projects;

/// <summary>
/// A unified social credit code (统一社会信用代码, GB 32100-2015): registration authority (1 character),
/// organisation type (1), administrative division (6 digits, GB/T 2260), subject identifier (9,
/// GB 11714) and a check character. Input is normalised first: spaces and dashes dropped, full-width
/// characters folded to half-width, letters upper-cased. The subject identifier's own GB 11714 check
/// digit is not verified: the standard's check character already covers all 17 characters.
/// </summary>
public sealed record CreditCode
{
    public const int Length = 18;

    /// <summary>The 31 characters of the code, in value order: no I, O, S, V or Z.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // Registration authority (登记管理部门) → the organisation type codes (机构类别) it may assign.
    private static readonly Dictionary<char, string> TypesByAuthority = new()
    {
        ['1'] = "1239", // 机构编制: 机关, 事业单位, 编办直接管理机构编制的群众团体, 其他
        ['2'] = "19",   // 外交: 外国常驻新闻机构, 其他
        ['3'] = "123459", // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
        ['4'] = "19",   // 文化: 外国在华文化中心, 其他
        ['5'] = "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
        ['6'] = "129",  // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻代表机构, 其他
        ['7'] = "129",  // 宗教: 宗教活动场所, 宗教院校, 其他
        ['8'] = "19",   // 工会: 基层工会, 其他
        ['9'] = "123",  // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
        ['A'] = "19",   // 中央军委改革和编制办公室: 军队事业单位, 其他
        ['N'] = "1239", // 农业: 组级、村级、乡镇级集体经济组织, 其他
        ['Y'] = "1",    // 其他
    };

    private CreditCode(string value) => Value = value;

    /// <summary>The normalised 18-character code.</summary>
    public string Value { get; }

    /// <summary>登记管理部门代码, e.g. '9' for market regulation (工商).</summary>
    public char RegistrationAuthority => Value[0];

    /// <summary>机构类别代码, e.g. '1' for an enterprise when the authority is '9'.</summary>
    public char OrganizationType => Value[1];

    /// <summary>登记管理机关行政区划码, e.g. "420100" for Wuhan.</summary>
    public string DivisionCode => Value[2..8];

    /// <summary>主体标识码 (the former organisation code).</summary>
    public string SubjectIdentifier => Value[8..17];

    public override string ToString() => Value;

    public static bool IsValid(string? input) => TryParse(input, out _, out _);

    /// <summary>Parses a code or throws <see cref="FormatException"/> naming the problem.</summary>
    public static CreditCode Parse(string? input) =>
        TryParse(input, out var code, out var problem) ? code : throw new FormatException($"Not a credit code: {problem}.");

    public static bool TryParse(string? input, [NotNullWhen(true)] out CreditCode? code) => TryParse(input, out code, out _);

    /// <summary>
    /// Parses a code; on failure <paramref name="problem"/> says what is wrong, for the credit_code.* template that
    /// explains it to the user (统一社会信用代码应为18位，您输入了17位。).
    /// </summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out CreditCode? code, [NotNullWhen(false)] out CreditCodeProblem? problem)
    {
        code = null;
        var normalized = Normalize(input ?? string.Empty);
        problem = Check(normalized);
        if (problem is null)
        {
            code = new CreditCode(normalized);
        }

        return problem is null;
    }

    /// <summary>Drops spaces and dashes, folds full-width characters to half-width and upper-cases letters.</summary>
    public static string Normalize(string input)
    {
        var builder = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            var folded = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                _ => c,
            };
            if (!char.IsWhiteSpace(folded) && folded is not ('-' or '\u2010' or '\u2013' or '\u2014'))
            {
                builder.Append(char.ToUpperInvariant(folded));
            }
        }

        return builder.ToString();
    }

    /// <summary>The check character for the first 17 characters, which must all be in <see cref="Alphabet"/>.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("Expected the first 17 characters of a credit code.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    private static CreditCodeProblem? Check(string code)
    {
        if (code.Length == 0)
        {
            return new("credit_code.empty");
        }

        if (code.Length != Length)
        {
            return new("credit_code.length", ("length", Number(code.Length)));
        }

        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c is 'I' or 'O' or 'S' or 'V' or 'Z')
            {
                return new("credit_code.unused_letter", ("position", Number(i + 1)), ("character", c.ToString()));
            }

            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return new("credit_code.bad_character", ("position", Number(i + 1)), ("character", c.ToString()));
            }
        }

        if (!TypesByAuthority.TryGetValue(code[0], out var types))
        {
            return new("credit_code.authority", ("authority", code[0].ToString()));
        }

        if (!types.Contains(code[1], StringComparison.Ordinal))
        {
            return new("credit_code.organization_type", ("type", code[1].ToString()), ("authority", code[0].ToString()));
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return new("credit_code.division");
            }
        }

        return CheckCharacter(code.AsSpan(0, Length - 1)) != code[^1] ? new("credit_code.check_character") : null;
    }

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
