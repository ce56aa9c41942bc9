using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage;

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
}
