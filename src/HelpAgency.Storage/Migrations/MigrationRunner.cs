using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;

namespace HelpAgency.Storage.Migrations;

/// <summary>
/// Applies the numbered .sql files of the configured engine that the database has not seen yet, all in
/// one transaction, and records each in schema_migrations. Safe to run from several hosts at once. On PostgreSQL with
/// Storage:MigrationConnectionString they run as that (owner) role, which then grants the host's role what it needs.
/// </summary>
public sealed partial class MigrationRunner(Database database, ILogger<MigrationRunner> logger)
{
    // Any constant will do; it only has to be the same for every host of this application.
    private const long PostgresLockKey = 0x4865_6C70_4167;

    public IReadOnlyList<Migration> Available { get; } = Discover(database.Provider);

    /// <summary>Brings the schema up to date and returns the migrations it applied.</summary>
    public async Task<IReadOnlyList<Migration>> RunAsync(CancellationToken cancellationToken)
    {
        var hostRole = database.MigratesAsOwner ? await HostRoleAsync(cancellationToken) : null;
        await using var connection = await database.OpenForMigrationsAsync(cancellationToken);
        if (database.Provider == StorageProvider.Sqlite)
        {
            // WAL lets readers run beside the writer; it is a property of the file, set outside any transaction.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL");
        }

        await using var transaction = await database.BeginTransactionAsync(connection, readOnly: false, cancellationToken);
        if (database.Provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLockKey }, transaction);
        }

        // Asked first: PostgreSQL checks CREATE on the schema even when the table exists, and a host whose role has
        // none (migrated beforehand by the owner, so it holds no owner credentials) must still start.
        var exists = database.Provider == StorageProvider.Postgres
            ? "SELECT to_regclass(quote_ident(current_schema()) || '.schema_migrations') IS NOT NULL"
            : "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')";
        if (!await connection.ExecuteScalarAsync<bool>(exists, transaction: transaction))
        {
            await connection.ExecuteAsync(
                """
                CREATE TABLE schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    checksum   TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """,
                transaction: transaction);
        }

        var applied = (await connection.QueryAsync<(long Version, string Name, string Checksum)>(
            "SELECT version, name, checksum FROM schema_migrations", transaction: transaction))
            .ToDictionary(r => (int)r.Version);

        var done = new List<Migration>();
        foreach (var migration in Available)
        {
            if (applied.TryGetValue(migration.Version, out var recorded))
            {
                if (recorded.Checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 600, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @now)",
                new { migration.Version, migration.Name, migration.Checksum, now = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            done.Add(migration);
        }

        if (hostRole is not null)
        {
            await HostRoleGrants.ApplyAsync(connection, transaction, hostRole, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var migration in done)
        {
            logger.LogInformation("Applied migration {Version:D4}_{Name} on {Engine}", migration.Version, migration.Name, database.Engine);
        }

        return done;
    }

    /// <summary>The role the host's own connections log in as (a connection string may leave it to PGUSER).</summary>
    private async Task<string> HostRoleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_user", cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException("PostgreSQL named no current user.");
    }

    private static List<Migration> Discover(StorageProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{typeof(MigrationRunner).Namespace}.{provider}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            var sql = Read(assembly, resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql, checksum));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share the number {duplicate.Key:D4}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
