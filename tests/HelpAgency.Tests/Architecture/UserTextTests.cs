using System.Text.RegularExpressions;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Architecture;

/// <summary>
/// What people read lives in dialogs/ (replies.yaml, console.yaml, bot.yaml), not in the C# of the core and the host: a
/// Chinese string literal there is a parser's grammar (words the user types, never shown) or data, in one of the files
/// listed here with the reason.
/// </summary>
public sealed partial class UserTextTests
{
    private static readonly string[] Projects = ["HelpAgency.Core", "HelpAgency.Host", "HelpAgency.WeCom"];

    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["HelpAgency.Core/Dialogs/SlotValidators.cs"] = "grammar of typed answers: Chinese numerals of a score, units of an amount, separators, question endings (the answer words are bot.yaml's)",
        ["HelpAgency.Core/Dialogs/DialogBot.cs"] = "end punctuation trimmed from a reply",
        ["HelpAgency.Core/Dialogs/Actions/IntakeActions.cs"] = "上门/政务 in what the user typed decide an on-site visit",
        ["HelpAgency.Core/Dialogs/Actions/CoordinationActions.cs"] = "the separators of a typed participant list",
        ["HelpAgency.Core/Recognition/ChineseDateTimeParser.cs"] = "the date and time words people type (明天, 下午三点, 下周三)",
        ["HelpAgency.Core/Knowledge/QuantityReader.cs"] = "Chinese numerals and the words saying what a typed figure measures (面积, 投资)",
        ["HelpAgency.Core/Knowledge/QuantityUnits.cs"] = "the units people type and conditions.yaml names (万元, 平方米, 亩)",
        ["HelpAgency.Core/Knowledge/ConditionAnswerer.cs"] = "the patterns of a 'do I need it' question and of a typed yes/no fact; conditions.yaml's units 是/否 and 用途",
        ["HelpAgency.Core/Knowledge/ConditionSet.cs"] = "conditions.yaml's units 是/否 and 用途, checked at start",
        ["HelpAgency.Core/Catalog/Department.cs"] = "catalog.yaml's mark 待核实 on a detail not yet confirmed",
        ["HelpAgency.Host/Startup/DemoSeeder.cs"] = "demo data (people, projects, certificate numbers), not text of the product",
    };

    [Fact]
    public void No_chinese_literal_outside_the_parsers_and_the_data_in_the_core_the_host_and_the_wecom_library()
    {
        var offenders = SourceFiles()
            .Where(file => !Allowed.ContainsKey(file.Name))
            .SelectMany(file => ChineseLines(file.Path).Select(l => $"{file.Name}:{l.Number}: {l.Text}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Chinese text in C# (move it to dialogs/replies.yaml or dialogs/console.yaml):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_allowed_file_exists_and_still_holds_chinese()
    {
        var files = SourceFiles().ToDictionary(f => f.Name, f => f.Path, StringComparer.Ordinal);
        var stale = Allowed.Keys.Where(name => !files.TryGetValue(name, out var path) || !ChineseLines(path).Any()).ToList();

        Assert.True(stale.Count == 0, "Allowed files to take off the list:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_check_sees_a_chinese_literal()
    {
        Assert.Matches(ChineseLiteral(), "        throw Invalid(\"请填写地点。\");");
        Assert.Matches(ChineseLiteral(), "var sep = '、';");
        Assert.DoesNotMatch(ChineseLiteral(), "/// <summary>督办: a supervisor urges the case's assistant.</summary>");
    }

    /// <summary>The C# files of the core and the host, named by project and path ("HelpAgency.Host/Admin/LedgerText.cs").</summary>
    private static IEnumerable<(string Name, string Path)> SourceFiles()
    {
        var src = Path.Combine(RepositoryRoot.Path, "src");
        return Projects.SelectMany(project => Directory.EnumerateFiles(Path.Combine(src, project), "*.cs", SearchOption.AllDirectories))
            .Select(file => (Name: Path.GetRelativePath(src, file).Replace('\\', '/'), Path: file))
            .Where(file => !file.Name.Contains("/obj/", StringComparison.Ordinal) && !file.Name.Contains("/bin/", StringComparison.Ordinal));
    }

    private static IEnumerable<(int Number, string Text)> ChineseLines(string file) =>
        File.ReadLines(file).Select((line, index) => (Number: index + 1, Text: line.Trim()))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && ChineseLiteral().IsMatch(l.Text));

    // A string or char literal holding a CJK character or full-width punctuation.
    [GeneratedRegex("\"[^\"]*[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef][^\"]*\"|'[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]'")]
    private static partial Regex ChineseLiteral();
}
