using System.Data.Common;

namespace HelpAgency.Storage;

/// <summary>The connection and transaction that the repositories of one unit of work share.</summary>
internal sealed record DbSession(DbConnection Connection, DbTransaction Transaction, StorageProvider Provider);
