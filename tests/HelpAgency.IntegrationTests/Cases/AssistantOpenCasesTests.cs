using Dapper;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>
/// The open-case counts that choose who takes a new case are stored, not counted at each opening: whatever a case
/// goes through (opened, handed over, closed, reopened, deleted), the stored counts equal a count of the cases.
/// </summary>
public sealed class AssistantOpenCasesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly string[] Assistants = ["zhou.yi", "wu.er", "zheng.san"];

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Stored_counts_follow_every_change_of_a_case(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync(default);
        var project = await SeedAsync(connection);

        var ids = new List<long>();
        foreach (var (assistant, status) in new (string?, string)[]
                 {
                     ("zhou.yi", "accepted"), ("zhou.yi", "in_progress"), ("zhou.yi", "archived"),
                     ("wu.er", "in_progress"), (null, "accepted"), ("wu.er", "terminated"),
                 })
        {
            ids.Add(await connection.ExecuteScalarAsync<long>(
                "INSERT INTO cases (project_id, status, assistant_id, opened_at) VALUES (@project, @status, @assistant, @At) RETURNING id",
                new { project, status, assistant, At }));
        }

        Assert.Equal(new Dictionary<string, int> { ["zhou.yi"] = 2, ["wu.er"] = 1, ["zheng.san"] = 0 }, await StoredAsync(test));
        await AssertMatchesCountAsync(test, connection);

        var changes = new (string Sql, object Parameters)[]
        {
            ("UPDATE cases SET status = 'in_progress' WHERE id = @id", new { id = ids[0] }),                       // open to open
            ("UPDATE cases SET assistant_id = 'zheng.san' WHERE id = @id", new { id = ids[1] }),                  // handed over
            ("UPDATE cases SET assistant_id = 'wu.er', status = 'accepted' WHERE id = @id", new { id = ids[4] }), // first assigned
            ("UPDATE cases SET status = 'archived' WHERE id = @id", new { id = ids[3] }),                         // closed
            ("UPDATE cases SET status = 'in_progress' WHERE id = @id", new { id = ids[2] }),                      // reopened
            ("UPDATE cases SET assistant_id = NULL WHERE id = @id", new { id = ids[0] }),                         // unassigned
            ("UPDATE cases SET evaluation_score = 5 WHERE id = @id", new { id = ids[2] }),                         // not a count's business
            ("DELETE FROM cases WHERE id = @id", new { id = ids[1] }),
        };
        foreach (var (sql, parameters) in changes)
        {
            await connection.ExecuteAsync(sql, parameters);
            await AssertMatchesCountAsync(test, connection);
        }

        Assert.Equal(new Dictionary<string, int> { ["zhou.yi"] = 1, ["wu.er"] = 1, ["zheng.san"] = 0 }, await StoredAsync(test));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_count_gone_wrong_does_not_stop_a_case_from_closing(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using var connection = await test.Database.OpenAsync(default);
        var project = await SeedAsync(connection);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO cases (project_id, status, assistant_id, opened_at) VALUES (@project, 'in_progress', 'wu.er', @At) RETURNING id",
            new { project, At });
        await connection.ExecuteAsync("UPDATE assistant_open_cases SET open_cases = 0 WHERE assistant_id = 'wu.er'");

        await connection.ExecuteAsync("UPDATE cases SET status = 'archived' WHERE id = @id", new { id });

        Assert.Equal("archived", await connection.ExecuteScalarAsync<string>("SELECT status FROM cases WHERE id = @id", new { id }));
        Assert.Equal(0, (await StoredAsync(test))["wu.er"]);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Upgrading_counts_the_cases_already_open(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using (var connection = await test.Database.OpenAsync(default))
        {
            // Back to the schema before 0013, then cases opened without the triggers.
            await connection.ExecuteAsync(engine == "postgres"
                ? "DROP TABLE assistant_open_cases; DROP TRIGGER tr_cases_open_count_insert_delete ON cases; DROP TRIGGER tr_cases_open_count_update ON cases; DROP FUNCTION count_assistant_open_cases(); DELETE FROM schema_migrations WHERE version = 13;"
                : "DROP TABLE assistant_open_cases; DROP TRIGGER tr_cases_open_count_insert; DROP TRIGGER tr_cases_open_count_update; DROP TRIGGER tr_cases_open_count_delete; DELETE FROM schema_migrations WHERE version = 13;");
            var project = await SeedAsync(connection);
            await connection.ExecuteAsync(
                "INSERT INTO cases (project_id, status, assistant_id, opened_at) VALUES (@project, @status, @assistant, @At)",
                new[] { ("wu.er", "accepted"), ("wu.er", "in_progress"), ("wu.er", "archived"), ("zhou.yi", "terminated") }
                    .Select(c => new { project, status = c.Item2, assistant = c.Item1, At }));
        }

        var applied = await new MigrationRunner(test.Database, NullLogger<MigrationRunner>.Instance).RunAsync(default);

        Assert.Contains(13, applied.Select(m => m.Version));
        Assert.Equal(new Dictionary<string, int> { ["zhou.yi"] = 0, ["wu.er"] = 2, ["zheng.san"] = 0 }, await StoredAsync(test));
    }

    private static async Task<long> SeedAsync(System.Data.Common.DbConnection connection)
    {
        await connection.ExecuteAsync(
            "INSERT INTO users (id, display_name, role, created_at) VALUES (@id, @id, 'assistant', @At)",
            Assistants.Select(id => new { id, At }));
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
            VALUES ('p', 'u', '91420100MA4K8LT2XN', 'social_filing', '光谷生物城', FALSE, FALSE, @At) RETURNING id
            """,
            new { At });
    }

    private static async Task<Dictionary<string, int>> StoredAsync(TestDatabase test)
    {
        await using var read = await test.Units.BeginReadAsync(default);
        return new Dictionary<string, int>(await read.Cases.OpenCaseCountsAsync(Assistants, default));
    }

    private static async Task AssertMatchesCountAsync(TestDatabase test, System.Data.Common.DbConnection connection)
    {
        var counted = Assistants.ToDictionary(id => id, _ => 0);
        foreach (var (assistant, count) in await connection.QueryAsync<(string, int)>(
                     "SELECT assistant_id, COUNT(*) FROM cases WHERE assistant_id IS NOT NULL AND status IN ('accepted', 'in_progress') GROUP BY assistant_id"))
        {
            counted[assistant] = count;
        }

        Assert.Equal(counted, await StoredAsync(test));
    }
}
