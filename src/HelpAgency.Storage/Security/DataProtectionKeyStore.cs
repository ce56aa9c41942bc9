using Dapper;

namespace HelpAgency.Storage.Security;

/// <summary>
/// The ASP.NET Core data-protection key ring kept in the database (table data_protection_keys), so that console
/// sessions and antiforgery tokens survive a restart and hold across every host on the database.
/// </summary>
public sealed class DataProtectionKeyStore(UnitOfWorkFactory units)
{
    /// <summary>Every stored key element, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var read = await units.BeginUnitAsync(readOnly: true, cancellationToken);
        var session = read.Session;
        var rows = await session.Connection.QueryAsync<string>(session.Command(
            "SELECT xml FROM data_protection_keys ORDER BY created_at, name", null, cancellationToken));
        return rows.AsList();
    }

    /// <summary>Stores a new key element; a name stored already (the same key, written by another host) is left as it is.</summary>
    public async Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await units.BeginUnitAsync(readOnly: false, cancellationToken);
        var session = work.Session;
        await session.Connection.ExecuteAsync(session.Command(
            """
            INSERT INTO data_protection_keys (name, xml, created_at)
            VALUES (@name, @xml, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name, xml, now },
            cancellationToken));
        await work.CommitAsync(cancellationToken);
    }
}
