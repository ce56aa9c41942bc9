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

    private ConsoleHost(HelpAgencyFactory factory, string? schema)
    {
        Factory = factory;
        _schema = schema;
    }

    public HelpAgencyFactory Factory { get; }

    public static async Task<ConsoleHost> StartAsync(string engine = "sqlite", IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Demo:Seed"] = "true" };
        string? schema = null;
        if (engine == "postgres")
        {
            var server = TestDatabase.PostgresConnectionString ?? throw new InvalidOperationException($"CI must provide PostgreSQL through {TestDatabase.PostgresVariable}.");
            schema = "c_" + Guid.NewGuid().ToString("N")[..16];
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }

            all["Storage:Provider"] = "Postgres";
            all["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
        }

        var factory = new HelpAgencyFactory(all);
        _ = factory.Server;
        return new ConsoleHost(factory, schema);
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
            await using var admin = new NpgsqlConnection(TestDatabase.PostgresConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
        }
    }
}
