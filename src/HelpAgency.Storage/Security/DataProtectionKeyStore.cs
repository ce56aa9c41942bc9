using Dapper;

namespace HelpAgency.Storage.Security;

/// <summary>
/// The ASP.NET Core data-protection key ring kept in the database (table data_protection_keys), so that console
/// sessions and antiforgery tokens survive a restart and hold across every host on the database.
/// </summary>
public sealed class DataProtectionKeyStore(Database database)
{
    /// <summary>Every stored key element, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM data_protection_keys ORDER BY created_at, name", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Stores a new key element; a name stored already (the same key, written by another host) is left as it is.</summary>
    public async Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO data_protection_keys (name, xml, created_at)
            VALUES (@name, @xml, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name, xml, now },
            cancellationToken: cancellationToken));
    }
}
