using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.Storage;
using Npgsql;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>The host with the demo data on one engine (PostgreSQL in a schema of its own), and clients signed in as its staff.</summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private readonly string? _schema;
    private readonly string? _schemaOwner;

    private ConsoleHost(HelpAgencyFactory factory, string? schema, string? schemaOwner)
    {
        Factory = factory;
        _schema = schema;
        _schemaOwner = schemaOwner;
    }

    public HelpAgencyFactory Factory { get; }

    /// <summary>The PostgreSQL schema the host runs in; null on SQLite.</summary>
    public string? Schema => _schema;

    public static async Task<ConsoleHost> StartAsync(string engine = "sqlite", IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Demo:Seed"] = "true" };
        if (engine != "postgres")
        {
            return Start(all, null, null);
        }

        var server = TestDatabase.PostgresConnectionString ?? throw new InvalidOperationException($"CI must provide PostgreSQL through {TestDatabase.PostgresVariable}.");
        return await StartInSchemaAsync(all, server, server, migrations: null);
    }

    /// <summary>
    /// The host on PostgreSQL split as a deployment is: the owner role owns the schema and runs the migrations, the host
    /// logs in as its own role.
    /// </summary>
    public static async Task<ConsoleHost> StartWithRolesAsync()
    {
        var (owner, app) = PostgresRoles.Require();
        return await StartInSchemaAsync(new Dictionary<string, string?> { ["Demo:Seed"] = "true" }, owner, app, migrations: owner);
    }

    /// <summary>A connection string of the server that works in the given schema.</summary>
    public static string InSchema(string server, string schema) => new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();

    private static async Task<ConsoleHost> StartInSchemaAsync(Dictionary<string, string?> settings, string schemaOwner, string host, string? migrations)
    {
        var schema = "c_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(schemaOwner))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
        }

        settings["Storage:Provider"] = "Postgres";
        settings["Storage:ConnectionString"] = InSchema(host, schema);
        if (migrations is not null)
        {
            settings["Storage:MigrationConnectionString"] = InSchema(migrations, schema);
        }

        return Start(settings, schema, schemaOwner);
    }

    private static ConsoleHost Start(Dictionary<string, string?> settings, string? schema, string? schemaOwner)
    {
        var factory = new HelpAgencyFactory(settings);
        _ = factory.Server;
        return new ConsoleHost(factory, schema, schemaOwner);
    }

    public Task<HttpClient> AsAsync(string userId) => StaffClient.SignInAsync(Factory, userId);

    /// <summary>The demo case ids by project name, as the supervisor lists them.</summary>
    public async Task<Dictionary<string, long>> CaseIdsAsync()
    {
        using var supervisor = await AsAsync("demo-supervisor");
        var list = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/cases?pageSize=200");
        return list.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("project").GetString()!, c => c.GetProperty("id").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        Factory.Dispose();
        if (_schema is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_schemaOwner);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
        }
    }
}
