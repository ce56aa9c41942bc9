using System.Data.Common;
using Dapper;

namespace HelpAgency.Storage;

/// <summary>The connection and transaction that the repositories of one unit of work share.</summary>
internal sealed record DbSession(DbConnection Connection, DbTransaction Transaction, StorageProvider Provider)
{
    /// <summary>
    /// A statement of this unit of work, for Dapper: its transaction, the database's timeout, the caller's cancellation.
    /// Every repository states its SQL through this, so no statement runs outside the unit's transaction.
    /// </summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, Database.CommandTimeoutSeconds, cancellationToken: cancellationToken);
}
