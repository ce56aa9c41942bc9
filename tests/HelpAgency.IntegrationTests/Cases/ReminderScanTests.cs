using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.Storage;
using HelpAgency.Storage.Cases;
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
        Assert.Equal([4, 2], pages.Select(p => p.Count));
        Assert.Equal(6, all.Select(i => (i.CaseId, i.ItemCode)).Distinct().Count());
        Assert.Equal(all.OrderBy(i => i.PlannedDue).ThenBy(i => i.CaseId).ThenBy(i => i.ItemCode, StringComparer.Ordinal).ToList(), all);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Closed_cases_leave_the_index_the_overdue_scan_reads(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await f.OpenCaseAsync(park: "光谷生物城")).Case.Id;
            await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Preparing, null, null, default));
            ids.Add(id);
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
