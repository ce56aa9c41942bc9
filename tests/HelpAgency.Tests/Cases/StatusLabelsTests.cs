using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Options;

namespace HelpAgency.Tests.Cases;

/// <summary>Statuses are called by the status.* templates of replies.yaml: every one has words, and a missing one stops the start.</summary>
public sealed class StatusLabelsTests
{
    private static readonly ReplyTemplates Shipped = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));

    [Fact]
    public void Every_status_reads_as_its_own_chinese_words()
    {
        var items = Enum.GetValues<ItemStatus>().Select(s => Shipped.Label(s)).ToList();
        var cases = Enum.GetValues<CaseStatus>().Select(s => Shipped.Label(s)).ToList();

        Assert.Equal("需补正", Shipped.Label(ItemStatus.CorrectionRequired));
        Assert.Equal("帮办中", Shipped.Label(CaseStatus.InProgress));
        Assert.Equal(items.Count, items.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(cases.Count, cases.Distinct(StringComparer.Ordinal).Count());
        Assert.All(items.Concat(cases), label => Assert.DoesNotMatch("[A-Za-z_]", label));
    }

    [Theory]
    [InlineData("status.item.correction_required")]
    [InlineData("status.case.archived")]
    public void A_status_without_words_fails_the_start_naming_the_file_line_and_key(string key)
    {
        var without = new ReplyTemplates(Shipped.Keys.Where(k => k != key).ToDictionary(k => k, k => (IReadOnlyList<string>)[Shipped.Get(k)]));
        var catalog = ApprovalCatalogLoader.Parse(CaseWorld.CatalogYaml, "test-catalog.yaml");

        var error = Assert.Throws<ContentException>(() => CaseOperations.Create(catalog, new CasePlanCalculator(catalog, WorkingDayCalendar.WeekdaysOnly), without,
            new TransactionalOutbox(Options.Create(new PushOptions()))));

        Assert.StartsWith($"{ReplyTemplates.FileName}:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
