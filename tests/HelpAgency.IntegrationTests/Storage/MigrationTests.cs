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
