using System.Text.RegularExpressions;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Options;

namespace HelpAgency.Tests.Cases;

/// <summary>The case operations' words live in replies.yaml: each key they say is declared and present, and a missing one stops the start.</summary>
public sealed partial class CaseGuardTests
{
    private static readonly ApprovalCatalog Catalog = ApprovalCatalogLoader.Parse(CaseWorld.CatalogYaml, "test-catalog.yaml");

    [Fact]
    public void Every_case_text_the_operations_say_is_declared_and_in_replies_yaml()
    {
        var replies = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));
        var used = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "HelpAgency.Core", "Cases"), "*.cs")
            .SelectMany(f => CaseKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("case.field.place", used);
        Assert.Empty(used.Except(CaseGuard.TemplateKeys));
        Assert.DoesNotContain(CaseGuard.TemplateKeys, k => !replies.Contains(k));
    }

    [Fact]
    public void A_missing_case_text_fails_the_start_naming_the_file()
    {
        var replies = new ReplyTemplates(new Dictionary<string, IReadOnlyList<string>> { ["case.not_found"] = ["找不到这个案件。"] });

        var error = Assert.Throws<ContentException>(() => CaseOperations.Create(Catalog, new CasePlanCalculator(Catalog, WorkingDayCalendar.WeekdaysOnly), replies,
            new TransactionalOutbox(Options.Create(new PushOptions()))));

        Assert.Equal(ReplyTemplates.FileName, error.File);
        Assert.Contains("case.forbidden", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "请填写地点。")]
    [InlineData("   ", "请填写地点。")]
    [InlineData("光谷大道77号光谷金融港", "地点不能超过10个字。")]
    public void Missing_or_long_input_is_named_by_its_field(string? value, string message)
    {
        var guard = new CaseGuard(Catalog, ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)));

        var refusal = Assert.Throws<CaseOperationException>(() => guard.Required(value, "case.field.place", 10));

        Assert.Equal(CaseError.Invalid, refusal.Error);
        Assert.Equal(message, refusal.Message);
    }

    [Theory]
    [InlineData("139-1234-5678", "13912345678")]
    [InlineData("027 8765 4321", "02787654321")]
    public void A_phone_is_kept_without_spaces_or_dashes(string typed, string kept)
    {
        var guard = new CaseGuard(Catalog, ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)));

        Assert.Equal(kept, guard.Phone(typed));
    }

    [GeneratedRegex("\"(case\\.[a-z_.]+)\"")]
    private static partial Regex CaseKey();
}
