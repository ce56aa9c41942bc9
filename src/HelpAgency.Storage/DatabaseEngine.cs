using System.Data.Common;

namespace HelpAgency.Storage;

/// <summary>
/// What differs between the engines: how a connection is opened and set up, how a transaction begins, and where a
/// unit of work runs. Everything engine-specific lives in the Sqlite and Postgres folders, behind this class.
/// </summary>
internal abstract class DatabaseEngine : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    /// <summary>True when migrations log in with Storage:MigrationConnectionString rather than as the host does.</summary>
    public virtual bool MigratesAsOwner => false;

    /// <summary>A connection set up the way the repositories expect.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A connection for the migrations: the owner role's when one is configured, else one like the host's.</summary>
    public virtual Task<DbConnection> OpenForMigrationsAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Begins a transaction on one of this engine's connections.</summary>
    public abstract Task<DbTransaction> BeginTransactionAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken);

    /// <summary>The transaction a new unit of work runs in.</summary>
    public virtual Task<IUnitTransaction> BeginUnitAsync(bool readOnly, CancellationToken cancellationToken) =>
        BeginOnOwnConnectionAsync(readOnly, cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A unit on a connection of its own, closed when the unit ends.</summary>
    protected async Task<IUnitTransaction> BeginOnOwnConnectionAsync(bool readOnly, CancellationToken cancellationToken)
    {
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            var transaction = await BeginTransactionAsync(connection, readOnly, cancellationToken);
            return new OwnTransaction(new DbSession(connection, transaction, Provider));
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A transaction on a connection of its own: committed as it is, and closed with its connection.</summary>
    private sealed class OwnTransaction(DbSession session) : IUnitTransaction
    {
        public DbSession Session => session;

        public Task CommitAsync(CancellationToken cancellationToken) => session.Transaction.CommitAsync(cancellationToken);

        public async Task EndAsync()
        {
            // Disposing an uncommitted transaction rolls it back.
            await session.Transaction.DisposeAsync();
            await session.Connection.DisposeAsync();
        }
    }
}

/// <summary>The transaction one unit of work runs in, and how it commits and ends on its engine.</summary>
internal interface IUnitTransaction
{
    DbSession Session { get; }

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs the unit's last write, which is one statement, and commits. SQLite's writer runs it without a savepoint
    /// when the unit has written nothing before (<see cref="Sqlite.SqliteWriteLease.CommitAfterAsync"/>).
    /// </summary>
    async Task CommitAfterAsync(Func<CancellationToken, Task> lastWrite, CancellationToken cancellationToken)
    {
        await lastWrite(cancellationToken);
        await CommitAsync(cancellationToken);
    }

    /// <summary>Ends the unit, rolling back what it did not commit, and gives its connection back; called once.</summary>
    Task EndAsync();
}
