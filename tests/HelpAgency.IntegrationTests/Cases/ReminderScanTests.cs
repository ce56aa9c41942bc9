using HelpAgency.Core.Cases;
using HelpAgency.IntegrationTests.Storage;
using static HelpAgency.IntegrationTests.Cases.CaseFixture;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>The follow-up scan pages through every overdue item, however many there are, on each engine.</summary>
public sealed class ReminderScanTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Paging_the_overdue_scan_reaches_every_item_once_in_due_order(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        for (var i = 0; i < 3; i++)
        {
            var opened = await f.OpenCaseAsync(park: "光谷生物城");
            foreach (var code in new[] { "A1", "B1" })
            {
                await f.RunAsync(AssistantEast, (ops, ctx) => ops.UpdateItemAsync(ctx, opened.Case.Id, code, ItemStatus.Preparing, null, null, default));
            }
        }

        var farLater = DateOnly.FromDateTime(Start.Date).AddYears(1);
        var pages = new List<IReadOnlyList<OverdueItem>>();
        OverdueItem? after = null;
        do
        {
            var page = await f.WorkAsync(Supervisor, (work, _) => work.Cases.OverdueItemsAsync(farLater, 4, default, after));
            pages.Add(page);
            after = page.Count == 4 ? page[^1] : null;
        }
        while (after is not null);

        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal([4, 2], pages.Select(p => p.Count));
        Assert.Equal(6, all.Select(i => (i.CaseId, i.ItemCode)).Distinct().Count());
        Assert.Equal(all.OrderBy(i => i.PlannedDue).ThenBy(i => i.CaseId).ThenBy(i => i.ItemCode, StringComparer.Ordinal).ToList(), all);
    }
}
