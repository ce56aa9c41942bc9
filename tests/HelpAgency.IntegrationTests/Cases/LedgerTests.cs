using Dapper;
using HelpAgency.IntegrationTests.Storage;

namespace HelpAgency.IntegrationTests.Cases;

public sealed class LedgerTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_database_itself_refuses_to_edit_or_delete_ledger_rows(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        await using var connection = await f.Database.Database.OpenAsync(default);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM service_ledger");

        var update = await Record.ExceptionAsync(() => connection.ExecuteAsync("UPDATE service_ledger SET details = '{}' WHERE case_id = @id", new { id }));
        var delete = await Record.ExceptionAsync(() => connection.ExecuteAsync("DELETE FROM service_ledger"));

        Assert.Contains("append-only", update?.Message);
        Assert.Contains("append-only", delete?.Message);
        Assert.Equal(count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM service_ledger"));
        Assert.NotEqual("{}", await connection.ExecuteScalarAsync<string>("SELECT details FROM service_ledger WHERE case_id = @id ORDER BY id LIMIT 1", new { id }));
    }

    [Fact]
    public async Task SQLite_refuses_replacing_a_ledger_row_whatever_the_statement()
    {
        await using var f = await CaseFixture.CreateAsync("sqlite");
        await f.OpenCaseAsync();
        await using var connection = await f.Database.Database.OpenAsync(default);
        var before = await RowsAsync(connection);
        var id = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM service_ledger");
        const string columns = "service_ledger (id, at, actor_id, actor_role, action, details) VALUES (@id, 'x', 'x', 'x', 'x', '{}')";

        // REPLACE deletes the conflicting row without firing delete triggers (recursive_triggers is off unless a connection turns it on).
        string[] statements =
        [
            $"INSERT OR REPLACE INTO {columns}",
            $"REPLACE INTO {columns}",
            $"INSERT INTO {columns} ON CONFLICT (id) DO UPDATE SET details = excluded.details",
            "UPDATE service_ledger SET details = '{}' WHERE id = @id",
            "DELETE FROM service_ledger WHERE id = @id",
        ];
        foreach (var statement in statements)
        {
            var error = await Record.ExceptionAsync(() => connection.ExecuteAsync(statement, new { id }));
            Assert.True(error?.Message.Contains("append-only", StringComparison.Ordinal), $"{statement}: {error?.Message ?? "accepted"}");
        }

        Assert.Equal(before, await RowsAsync(connection));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_ledger_entry_is_written_in_the_same_transaction_as_its_change(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);

        // The application runs but its transaction is never committed: neither the case nor its ledger rows remain.
        await using (var work = await f.Database.Units.BeginAsync(default))
        {
            await f.Operations.Intake.ApplyAsync(new Core.Cases.OperationContext(work, CaseFixture.Contact, f.Now), CaseFixture.Application(), default);
        }

        await using var connection = await f.Database.Database.OpenAsync(default);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM service_ledger"));
    }

    /// <summary>Every ledger row, each column in a line of text, to compare before and after.</summary>
    internal static async Task<List<string>> RowsAsync(System.Data.Common.DbConnection connection) =>
        (await connection.QueryAsync("SELECT id, at, actor_id, actor_role, case_id, project_id, item_code, action, details FROM service_ledger ORDER BY id"))
            .Select(r => string.Join('|', (IDictionary<string, object?>)r)).ToList();
}
