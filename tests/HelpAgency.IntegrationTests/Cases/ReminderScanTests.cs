using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Oversight;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.Storage;
using HelpAgency.Storage.Cases;
using static HelpAgency.IntegrationTests.Cases.CaseFixture;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>The follow-up scan pages through every overdue item, however many there are, and reads the same rule as every reply, on each engine.</summary>
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
                await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, opened.Case.Id, code, ItemStatus.Preparing, null, null, default));
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
        // A year on, every item of the three cases is late: A1 and B1 preparing, A2 not started.
        Assert.Equal([4, 4, 1], pages.Select(p => p.Count));
        Assert.Equal(9, all.Select(i => (i.CaseId, i.ItemCode)).Distinct().Count());
        Assert.Equal(all.OrderBy(i => i.PlannedDue).ThenBy(i => i.CaseId).ThenBy(i => i.ItemCode, StringComparer.Ordinal).ToList(), all);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Closed_cases_leave_the_index_the_overdue_scan_reads(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var ids = await f.OpenCasesAsync(3);
        foreach (var id in ids)
        {
            await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Preparing, null, null, default));
        }

        // The unit ends the service on the first case, its item still preparing: the item keeps its status.
        await f.RunAsync(Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, ids[0], 3, null, default));
        await f.RunAsync(Contact, (ops, ctx) => ops.Closing.TerminateAsync(ctx, ids[0], "项目暂停", default));

        var farLater = DateOnly.FromDateTime(Start.Date).AddYears(1);
        var found = await f.WorkAsync(Supervisor, (work, _) => work.Cases.OverdueItemsAsync(farLater, 10, default));
        Assert.Equal(ids[1..], found.Select(i => i.CaseId).Distinct().Order());

        // Without the flag in the index, every terminated case in history is walked past on each scan.
        await using var connection = await f.Database.Database.OpenAsync(default);
        var indexed = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_items WHERE case_id = @id AND case_open", new { id = ids[0] });
        Assert.Equal(0, indexed);

        var first = await PlanAsync(connection, f.Database.Provider, CaseRepository.OverdueScan(farLater, 500, null));
        var next = await PlanAsync(connection, f.Database.Provider, CaseRepository.OverdueScan(farLater, 500, found[0]));

        Assert.Contains("ix_case_items_open_due", first, StringComparison.Ordinal);
        Assert.Contains("ix_case_items_open_due", next, StringComparison.Ordinal);
        // A later page starts its index range after the last item, rather than filtering from the start.
        var rangeStart = f.Database.Provider == StorageProvider.Postgres ? "ROW(planned_due, case_id, item_code) > ROW(" : "(planned_due,case_id,item_code)>(?,?,?)";
        Assert.Contains(next.Split('\n'), line => line.Contains(f.Database.Provider == StorageProvider.Postgres ? "Index Cond" : "USING INDEX", StringComparison.Ordinal)
            && line.Contains(rangeStart, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_reminders_and_the_console_count_as_overdue_exactly_the_items_the_progress_reply_calls_overdue(string engine)
    {
        // Each case plans A1 11-25..11-27, A2 11-27..12-04, B1 12-04..12-09.
        await using var f = await CaseFixture.CreateAsync(engine);
        var cases = await f.OpenCasesAsync(3);

        foreach (var to in new[] { ItemStatus.Submitted, ItemStatus.Accepted, ItemStatus.Approved })
        {
            await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, cases[0], "A1", to, "武新备〔2026〕9号", null, default));
        }

        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, cases[0], "A2", ItemStatus.Preparing, null, null, default));
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, cases[2], "A1", ItemStatus.NotApplicable, null, null, default));
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, cases[2], "A2", ItemStatus.Submitted, null, null, default));

        // 11-30: only the second case's A1, not started, is past its due date; 12-07: every A2 as well, started or not.
        foreach (var (today, count) in new[] { (new DateOnly(2026, 11, 30), 1), (new DateOnly(2026, 12, 7), 4) })
        {
            await using var work = await f.Database.Units.BeginReadAsync(default);
            var expected = new List<(long, string)>();
            foreach (var id in cases)
            {
                expected.AddRange((await work.Cases.ItemsAsync(id, default)).Where(i => i.IsOverdueOn(today)).Select(i => (id, i.ItemCode)));
            }

            var reminded = await work.Cases.OverdueItemsAsync(today, 100, default);
            var listed = (await work.CaseQueries.CasesAsync(new CaseQuery(new CaseFilter(), null, null, today), new PageRequest(1, 50), default)).Items;
            var flagged = (await work.CaseQueries.CasesAsync(new CaseQuery(new CaseFilter(Overdue: true), null, null, today), new PageRequest(1, 50), default)).Items;
            var overview = await work.CaseQueries.OverviewAsync(null, today, 50, default);

            Assert.Equal(count, expected.Count);
            Assert.Equal(expected.Order(), reminded.Select(i => (i.CaseId, i.ItemCode)).Order());
            Assert.Equal(cases.Select(id => expected.Count(e => e.Item1 == id)), cases.Select(id => listed.Single(c => c.Id == id).OverdueItems));
            Assert.Equal(expected.Select(e => e.Item1).Distinct().Order(), flagged.Select(c => c.Id).Order());
            Assert.Equal(expected.Count, overview.OverdueCount);
            Assert.Equal(expected.Order(), overview.OverdueItems.Select(r => (r.CaseId, r.ItemCode)).Order());
        }
    }

    /// <summary>The plan an engine chooses; on PostgreSQL with sequential scans off, since three rows would be read that way whatever the indexes.</summary>
    private static async Task<string> PlanAsync(System.Data.Common.DbConnection connection, StorageProvider provider, (string Sql, object Parameters) query)
    {
        if (provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync("SET enable_seqscan = off");
            return string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + query.Sql, query.Parameters));
        }

        var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + query.Sql, query.Parameters);
        return string.Join("\n", rows.Select(r => r.Detail));
    }
}
