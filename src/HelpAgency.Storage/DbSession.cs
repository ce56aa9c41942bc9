using System.Data.Common;
using Dapper;

namespace HelpAgency.Storage;

/// <summary>The connection and transaction that the repositories of one unit of work share.</summary>
internal sealed record DbSession(DbConnection Connection, DbTransaction Transaction, StorageProvider Provider)
{
    /// <summary>A statement of this unit of work: its transaction, the caller's cancellation.</summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);
}
