using System.Text.RegularExpressions;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Architecture;

/// <summary>
/// What the bot says lives in dialogs/replies.yaml, not in the C# of the cases and the dialogs: a Chinese string literal
/// there is a parser's vocabulary (words the user types, never shown) or one of the files listed here with the reason.
/// </summary>
public sealed partial class UserTextTests
{
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["SlotValidators.cs"] = "answer vocabularies: yes/no words, 无, Chinese numerals, units, separators",
        ["IntakeActions.cs"] = "上门/政务 in what the user typed decide an on-site visit",
        ["CoordinationActions.cs"] = "the separators and 无 of a typed participant list",
        ["DialogBot.cs"] = "end punctuation trimmed from a reply",
    };

    [Fact]
    public void No_chinese_literal_outside_the_parsers_in_cases_and_dialogs()
    {
        var core = Path.Combine(RepositoryRoot.Path, "src", "HelpAgency.Core");
        var offenders = new[] { "Cases", "Dialogs" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !Allowed.ContainsKey(Path.GetFileName(file)))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(l => !l.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ChineseLiteral().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.index + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Chinese text in C# (move it to dialogs/replies.yaml):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_sees_a_chinese_literal()
    {
        Assert.Matches(ChineseLiteral(), "        throw Invalid(\"请填写地点。\");");
        Assert.Matches(ChineseLiteral(), "var sep = '、';");
        Assert.DoesNotMatch(ChineseLiteral(), "/// <summary>督办: a supervisor urges the case's assistant.</summary>");
    }

    // A string or char literal holding a CJK character or full-width punctuation.
    [GeneratedRegex("\"[^\"]*[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef][^\"]*\"|'[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]'")]
    private static partial Regex ChineseLiteral();
}
