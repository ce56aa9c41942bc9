using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage.Sqlite;

/// <summary>
/// SQLite's readers: connections kept open with query_only on, each keeping the statements it has run compiled
/// (see <see cref="CachingSqliteConnection"/>), lent to one read unit at a time. In WAL a reader never waits for the
/// writer and sees the last committed batch. A reader refuses writes before they run, so a unit begun for reading
/// cannot change anything by mistake.
/// </summary>
internal sealed class SqliteReaders(Func<CancellationToken, Task<SqliteConnection>> open, int capacity) : IAsyncDisposable
{
    private readonly ConcurrentStack<CachingSqliteConnection> _idle = new();
    private int _idleCount;
    private int _disposed;

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    public async Task<CachingSqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        return new CachingSqliteConnection(await open(cancellationToken));
    }

    /// <summary>A read unit's transaction on a borrowed reader, which goes back when the unit ends.</summary>
    public async Task<IUnitTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        var reader = await RentAsync(cancellationToken);
        try
        {
            var snapshot = SqliteEngine.Begin(reader.Inner, readOnly: true);
            return new ReadLease(this, reader, snapshot);
        }
        catch
        {
            await ReturnAsync(reader, reusable: false);
            throw;
        }
    }

    /// <summary>Takes a reader back after its unit ended; one that did not end cleanly, or one too many, is closed.</summary>
    public async ValueTask ReturnAsync(CachingSqliteConnection reader, bool reusable)
    {
        if (reusable && !Disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= capacity)
            {
                _idle.Push(reader);
                if (Disposed)
                {
                    await DrainAsync();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        await reader.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // A full fence: a reader pushed back at the same moment is drained here or by its own check after the push.
        Interlocked.Exchange(ref _disposed, 1);
        await DrainAsync();
    }

    private async ValueTask DrainAsync()
    {
        while (_idle.TryPop(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            await reader.DisposeAsync();
        }
    }

    /// <summary>One read unit's hold on a reader: a deferred transaction, nothing to commit.</summary>
    private sealed class ReadLease(SqliteReaders readers, CachingSqliteConnection reader, DbTransaction snapshot) : IUnitTransaction
    {
        public DbSession Session { get; } = new(reader, snapshot, StorageProvider.Sqlite);

        public Task CommitAsync(CancellationToken cancellationToken) => snapshot.CommitAsync(cancellationToken);

        public async Task EndAsync()
        {
            var reusable = false;
            try
            {
                await snapshot.DisposeAsync();
                // Reused only with its transaction over: SQLite back in autocommit.
                reusable = SqliteEngine.IsAutocommit(reader.Inner);
            }
            finally
            {
                await readers.ReturnAsync(reader, reusable);
            }
        }
    }
}
