using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using HelpAgency.IntegrationTests.Admin;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>
/// PostgreSQL as a deployment runs it: the migrations as the owner role, the host as a role that may add ledger rows
/// and read them and nothing more, so neither the host nor anyone holding its credentials can lift the triggers.
/// </summary>
public sealed class LedgerRoleTests
{
    private const string Biotech = "光谷生物医药加速器三期";

    [PostgresRolesFact]
    public async Task The_hosts_role_adds_and_reads_ledger_rows_but_cannot_rewrite_them_or_lift_the_triggers()
    {
        await using var host = await ConsoleHost.StartWithRolesAsync();
        var id = (await host.CaseIdsAsync())[Biotech];
        using var supervisor = await host.AsAsync("demo-supervisor");
        var before = await LedgerAsync(supervisor, id);

        var record = await supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/records", new { text = "现场踏勘" });

        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Equal([.. before, "service_record"], await LedgerAsync(supervisor, id));

        // A second host holding only its own role's credentials starts on the migrated schema and reads the same ledger.
        var app = ConsoleHost.InSchema(PostgresRoles.Require().App, host.Schema!);
        using (var second = new HelpAgencyFactory(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = app }))
        {
            using var client = await StaffClient.SignInAsync(second, "demo-supervisor");
            Assert.Equal([.. before, "service_record"], await LedgerAsync(client, id));
        }

        await using var connection = new NpgsqlConnection(app);
        await connection.OpenAsync();
        const string triggers = "SELECT tgname || ':' || tgenabled::text FROM pg_trigger WHERE tgrelid = 'service_ledger'::regclass ORDER BY tgname";
        var ledger = await LedgerTests.RowsAsync(connection);
        Assert.Equal(["service_ledger_no_change:O", "service_ledger_no_truncate:O"], await connection.QueryAsync<string>(triggers));

        string[] statements =
        [
            "ALTER TABLE service_ledger DISABLE TRIGGER ALL",
            "ALTER TABLE service_ledger DISABLE TRIGGER service_ledger_no_change",
            "DROP TRIGGER service_ledger_no_change ON service_ledger",
            "CREATE OR REPLACE FUNCTION service_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$",
            "ALTER TABLE service_ledger OWNER TO CURRENT_USER",
            "SET session_replication_role = replica",
            "UPDATE service_ledger SET details = '{}'",
            "DELETE FROM service_ledger",
            "TRUNCATE service_ledger",
            """
            INSERT INTO service_ledger (id, at, actor_id, actor_role, action, details) OVERRIDING SYSTEM VALUE
            SELECT id, at, actor_id, actor_role, action, '{}' FROM service_ledger
            ON CONFLICT (id) DO UPDATE SET details = excluded.details
            """,
            "DROP TABLE service_ledger",
            "UPDATE schema_migrations SET checksum = 'edited'",
        ];
        foreach (var statement in statements)
        {
            var error = await Record.ExceptionAsync(() => connection.ExecuteAsync(statement));
            Assert.True(error is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege }, $"{statement}: {error?.Message ?? "accepted"}");
        }

        Assert.Equal(ledger, await LedgerTests.RowsAsync(connection));
        Assert.Equal(["service_ledger_no_change:O", "service_ledger_no_truncate:O"], await connection.QueryAsync<string>(triggers));
    }

    [PostgresRolesFact]
    public async Task A_host_role_that_could_lift_the_triggers_itself_stops_the_start()
    {
        var (owner, _) = PostgresRoles.Require();
        var superuser = TestDatabase.PostgresConnectionString ?? throw new InvalidOperationException($"CI must provide PostgreSQL through {TestDatabase.PostgresVariable}.");
        var schema = "r_" + Guid.NewGuid().ToString("N")[..16];
        await using var admin = new NpgsqlConnection(owner);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
        try
        {
            await using var database = new Database(Options.Create(new StorageOptions
            {
                Provider = StorageProvider.Postgres,
                ConnectionString = ConsoleHost.InSchema(superuser, schema),
                MigrationConnectionString = ConsoleHost.InSchema(owner, schema),
            }));

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).RunAsync(default));

            Assert.Contains("superuser", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await admin.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task<List<string?>> LedgerAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}")).GetProperty("ledger").EnumerateArray()
            .Select(l => l.GetProperty("action").GetString()).ToList();
}
