using Dapper;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.Benchmarks.Growth;

/// <summary>A fresh, migrated database for one benchmark run: a temporary SQLite file, or a schema of its own on a PostgreSQL server.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string? _server;
    private readonly string? _schema;
    private readonly string? _folder;

    private BenchmarkDatabase(Database database, string? server, string? schema, string? folder, string connectionString)
    {
        Database = database;
        _server = server;
        _schema = schema;
        _folder = folder;
        ConnectionString = connectionString;
    }

    public Database Database { get; }

    /// <summary>Where the database is, for looking at query plans by hand when it is kept.</summary>
    public string ConnectionString { get; }

    /// <summary>Leave the database in place on dispose.</summary>
    public bool Keep { get; set; }

    public static async Task<BenchmarkDatabase> CreateAsync(string? postgres)
    {
        BenchmarkDatabase created;
        if (postgres is not null)
        {
            var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }

            var connectionString = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ToString();
            var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };
            created = new BenchmarkDatabase(new Database(Options.Create(options)), postgres, schema, null, connectionString);
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("helpagency-bench-").FullName;
            var options = new StorageOptions { ConnectionString = "Data Source=bench.db", BasePath = folder };
            created = new BenchmarkDatabase(new Database(Options.Create(options)), null, null, folder, Path.Combine(folder, "bench.db"));
        }

        await new MigrationRunner(created.Database, NullLogger<MigrationRunner>.Instance).RunAsync(default);
        return created;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (Keep)
        {
            return;
        }

        if (_schema is not null)
        {
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE", commandTimeout: 600);
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
