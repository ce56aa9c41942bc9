using Dapper;
using HelpAgency.Core.Persistence;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// A fresh, migrated database on one engine: a temporary SQLite file, or a schema of its own in the
/// PostgreSQL server named by HELPAGENCY_TEST_POSTGRES (which .ci/run starts).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "HELPAGENCY_TEST_POSTGRES";

    private readonly string? _folder;
    private readonly string? _schema;

    private TestDatabase(string engine, Database database, string? folder, string? schema, string connectionString)
    {
        Engine = engine;
        Database = database;
        Units = new UnitOfWorkFactory(database);
        ConnectionString = connectionString;
        _folder = folder;
        _schema = schema;
    }

    public string Engine { get; }

    public Database Database { get; }

    public IUnitOfWorkFactory Units { get; }

    public string ConnectionString { get; }

    public StorageProvider Provider => Database.Provider;

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Why the PostgreSQL tests do not run here, or null when they do.</summary>
    public static string? PostgresSkipReason =>
        PostgresConnectionString is not null || IsCi ? null : $"PostgreSQL tests need {PostgresVariable} (bash .ci/run sets it up)";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The engines to run engine tests on: SQLite always, PostgreSQL where there is one (and always in CI).</summary>
    public static TheoryData<string> Engines()
    {
        var engines = new TheoryData<string> { "sqlite" };
        if (PostgresSkipReason is null)
        {
            engines.Add("postgres");
        }

        return engines;
    }

    public static async Task<TestDatabase> CreateAsync(string engine)
    {
        TestDatabase test;
        if (engine == "postgres")
        {
            var server = PostgresConnectionString
                ?? throw new InvalidOperationException($"CI must provide PostgreSQL through {PostgresVariable}.");
            var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }

            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
            var database = new Database(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString }));
            test = new TestDatabase(engine, database, null, schema, connectionString);
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("helpagency-db-").FullName;
            var connectionString = $"Data Source={Path.Combine(folder, "test.db")}";
            var database = new Database(Options.Create(new StorageOptions { ConnectionString = connectionString, BasePath = folder }));
            test = new TestDatabase(engine, database, folder, null, connectionString);
        }

        await new MigrationRunner(test.Database, NullLogger<MigrationRunner>.Instance).RunAsync(default);
        return test;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_schema is not null)
        {
            await using var admin = new NpgsqlConnection(PostgresConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>A fact that runs only where PostgreSQL is available, skipped with the reason elsewhere (never in CI).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that runs only where PostgreSQL is available, skipped with the reason elsewhere (never in CI).</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (TestDatabase.PostgresSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
