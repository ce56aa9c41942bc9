using Dapper;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.Storage;

public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-migrations-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_fresh_database_gets_every_migration_recorded_and_a_second_run_applies_nothing()
    {
        var (database, runner) = Create("nested/folder/fresh.db");

        var first = await runner.RunAsync(default);
        var second = await runner.RunAsync(default);

        Assert.Equal(runner.Available.Select(m => m.Version), first.Select(m => m.Version));
        Assert.NotEmpty(first);
        Assert.Empty(second);
        await using var connection = await database.OpenAsync(default);
        Assert.Equal(runner.Available.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task Migrations_are_numbered_uniquely_and_in_order()
    {
        var (_, runner) = Create("order.db");

        var versions = runner.Available.Select(m => m.Version).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(1, versions[0]);
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_stops_the_start()
    {
        var (database, runner) = Create("changed.db");
        await runner.RunAsync(default);
        await using (var connection = await database.OpenAsync(default))
        {
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(default));
        Assert.Contains("0001", error.Message);
    }

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Upgrading_takes_the_items_of_cases_already_closed_out_of_the_reminder_index(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        long open, terminated;
        await using (var connection = await test.Database.OpenAsync(default))
        {
            // Back to the schema before 0012, with one open and one terminated case whose items were left preparing.
            await connection.ExecuteAsync(
                """
                DROP INDEX ix_case_items_open_due;
                ALTER TABLE case_items DROP COLUMN case_open;
                CREATE INDEX ix_case_items_due ON case_items (status, planned_due);
                CREATE INDEX ix_case_items_open_due ON case_items (planned_due, case_id, item_code)
                    WHERE status IN ('preparing', 'prechecked', 'submitted', 'accepted', 'correction_required');
                DELETE FROM schema_migrations WHERE version = 12;
                """);
            var project = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
                VALUES ('p', 'u', '91420100MA4K8LT2XN', 'social_filing', '光谷生物城', FALSE, FALSE, @at) RETURNING id
                """,
                new { at = DateTimeOffset.UnixEpoch });
            const string addCase = "INSERT INTO cases (project_id, status, opened_at) VALUES (@project, @status, @at) RETURNING id";
            open = await connection.ExecuteScalarAsync<long>(addCase, new { project, status = "in_progress", at = DateTimeOffset.UnixEpoch });
            terminated = await connection.ExecuteScalarAsync<long>(addCase, new { project, status = "terminated", at = DateTimeOffset.UnixEpoch });
            await connection.ExecuteAsync(
                """
                INSERT INTO case_items (case_id, item_code, seq, status, planned_start, planned_due, updated_at)
                VALUES (@id, 'A1', 1, 'preparing', @start, @due, @at)
                """,
                new[] { open, terminated }.Select(id => new { id, start = new DateOnly(2026, 1, 1), due = new DateOnly(2026, 2, 1), at = DateTimeOffset.UnixEpoch }));
        }

        var applied = await new MigrationRunner(test.Database, NullLogger<MigrationRunner>.Instance).RunAsync(default);

        Assert.Contains(12, applied.Select(m => m.Version));
        await using var after = await test.Database.OpenAsync(default);
        Assert.Equal([open], await after.QueryAsync<long>("SELECT case_id FROM case_items WHERE case_open ORDER BY case_id"));
        Assert.Contains(terminated, await after.QueryAsync<long>("SELECT case_id FROM case_items"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Upgrading_keeps_every_callback_record_and_its_replies_still_go_out(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
        await using (var connection = await test.Database.OpenAsync(default))
        {
            // Back to the table as 0002 made it, holding one answered and one pending record.
            var time = engine == "postgres" ? "TIMESTAMPTZ" : "TEXT";
            await connection.ExecuteAsync(
                $"""
                DROP TABLE wecom_callbacks;
                CREATE TABLE wecom_callbacks (
                    key TEXT PRIMARY KEY, user_id TEXT NOT NULL, received_at {time} NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('processing', 'replied', 'pending', 'sent', 'failed')),
                    replies TEXT NOT NULL DEFAULT '[]', attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at {time}, completed_at {time}, last_error TEXT);
                CREATE INDEX ix_wecom_callbacks_unsent ON wecom_callbacks (status, next_attempt_at);
                DELETE FROM schema_migrations WHERE version = 14;
                """);
            await connection.ExecuteAsync(
                "INSERT INTO wecom_callbacks (key, user_id, received_at, status, replies, next_attempt_at) VALUES (@key, 'zhang.san', @at, @status, @replies, @at)",
                new[] { new { key = "msg:1", status = "replied", replies = """[{"text":"您好"}]""", at }, new { key = "msg:2", status = "pending", replies = """[{"text":"稍后"}]""", at } });
        }

        var applied = await new MigrationRunner(test.Database, NullLogger<MigrationRunner>.Instance).RunAsync(default);

        Assert.Contains(14, applied.Select(m => m.Version));
        await using var work = await test.Units.BeginAsync(default);
        Assert.Equal("""[{"text":"您好"}]""", (await work.Callbacks.FindAsync("msg:1", default))?.RepliesJson);
        Assert.Equal("msg:2", Assert.Single(await work.Callbacks.ListPendingAsync(10, default)).Key);
        Assert.False(await work.Callbacks.TryStartAsync("msg:1", "zhang.san", at, default));
    }

    [Fact]
    public async Task Both_engines_have_the_same_migration_numbers()
    {
        var sqlite = new MigrationRunner(new Database(Options.Create(new StorageOptions { ConnectionString = "Data Source=:memory:" })), NullLogger<MigrationRunner>.Instance);
        var postgres = new MigrationRunner(new Database(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = "Host=127.0.0.1" })), NullLogger<MigrationRunner>.Instance);

        Assert.Equal(sqlite.Available.Select(m => $"{m.Version}_{m.Name}"), postgres.Available.Select(m => $"{m.Version}_{m.Name}"));
        await Task.CompletedTask;
    }

    private (Database Database, MigrationRunner Runner) Create(string file)
    {
        var database = new Database(Options.Create(new StorageOptions { ConnectionString = $"Data Source={file}", BasePath = _folder }));
        return (database, new MigrationRunner(database, NullLogger<MigrationRunner>.Instance));
    }
}
