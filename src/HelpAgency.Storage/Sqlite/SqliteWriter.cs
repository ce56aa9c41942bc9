using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage.Sqlite;

/// <summary>
/// SQLite's one writer, with group commit. Writing units of work take turns, asynchronously, on one open
/// transaction: each writes inside its own savepoint, and when it commits the turn passes straight to the next
/// waiting unit while the transaction stays open. The unit that finds no one waiting (or the batch full)
/// commits the transaction for every unit in it. A unit's commit returns only when its batch is durable,
/// so a reply that waits for its turn's commit still never goes out before the data it reports.
/// </summary>
/// <remarks>
/// Savepoints keep units apart: one that rolls back takes nothing of the others with it. A unit opens its savepoint
/// at its first write, so one that only reads runs none; a unit whose only write is its last statement before it
/// commits runs that statement bare (<see cref="SqliteWriteLease.CommitAfterAsync"/>): a statement that fails changes
/// nothing, SQLite undoing it alone, and one that succeeds is committed at once. Should a unit ever end uncommitted
/// with rows changed outside a savepoint, its batch fails rather than store them. A failed batch commit fails the
/// commit of every unit in it, and none of their writes persist. The writer keeps its one connection open between
/// batches, with the statements it runs compiled (its savepoints too: every unit's has the same name, units never
/// being nested); a failed batch closes it.
/// </remarks>
internal sealed class SqliteWriter(Func<CancellationToken, Task<DbConnection>> open) : IAsyncDisposable
{
    /// <summary>The most units one commit takes, which bounds how long the first of them waits.</summary>
    public const int MaxUnitsPerCommit = 32;

    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private bool _held;
    private Batch? _open;
    private CachingSqliteConnection? _connection;

    /// <summary>Waits for the writer's turn and starts one unit in the current batch; its savepoint opens at its first write.</summary>
    public async Task<SqliteWriteLease> EnterAsync(CancellationToken cancellationToken)
    {
        await WaitForTurnAsync(cancellationToken);
        try
        {
            if (_open is null)
            {
                _connection ??= new CachingSqliteConnection((SqliteConnection)await open(cancellationToken));
                try
                {
                    var transaction = SqliteEngine.Begin(_connection.Inner, readOnly: false);
                    _open = new Batch(_connection, transaction);
                }
                catch
                {
                    await CloseAsync();
                    throw;
                }
            }

            var lease = new SqliteWriteLease(this, _open);
            _open.Connection.BeforeWrite = lease.BeforeWrite;
            return lease;
        }
        catch
        {
            await PassTurnAsync();
            throw;
        }
    }

    /// <summary>Ends a unit that committed: releases its savepoint, passes the turn on, and completes when the batch is durable.</summary>
    internal async Task CommitAsync(Batch batch, SqliteWriteLease unit)
    {
        batch.Connection.BeforeWrite = null;
        try
        {
            if (unit.InSavepoint)
            {
                batch.Release();
            }
            else if (batch.Lost)
            {
                throw new InvalidOperationException("SQLite rolled the batch's transaction back; none of its units were stored.");
            }

            batch.Units++;
        }
        catch (Exception ex)
        {
            // The savepoint is gone only if SQLite itself rolled the transaction back: the whole batch is lost.
            batch.Fail(ex);
            await PassTurnAsync();
            throw;
        }

        await PassTurnAsync();
        await batch.Durable;
    }

    /// <summary>Ends a unit that did not commit: undoes its savepoint and passes the turn on.</summary>
    internal async Task RollbackAsync(Batch batch, SqliteWriteLease unit)
    {
        batch.Connection.BeforeWrite = null;
        try
        {
            if (unit.InSavepoint)
            {
                // A unit that changed nothing (a claim that found nothing, a save over a newer version) has nothing to undo.
                if (unit.Changed)
                {
                    batch.RollBack();
                }
                else
                {
                    batch.Release();
                }
            }
            else if (unit.Changed || batch.Lost)
            {
                // Rows changed outside a savepoint cannot be undone alone; a transaction SQLite dropped (a failed statement
                // can take it) took the batch with it. Either way the batch must not commit, nor its next unit run outside it.
                throw new InvalidOperationException("A unit of work changed rows outside a savepoint and did not commit, or its batch's transaction was lost; the batch is not stored.");
            }
        }
        catch (Exception ex)
        {
            batch.Fail(ex);
        }
        finally
        {
            await PassTurnAsync();
        }
    }

    private Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource();
            node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A waiter leaves the queue under the lock, so the turn is only ever handed to one that still waits.
            var registration = cancellationToken.Register(() =>
            {
                bool removed;
                lock (_lock)
                {
                    removed = node.List is not null;
                    if (removed)
                    {
                        _waiters.Remove(node);
                    }
                }

                if (removed)
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            });
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>
    /// Called by the unit holding the turn as it ends: hands the turn, with the batch still open, to the next
    /// waiting unit; or, with no one waiting or the batch full, commits the batch and then hands on or frees the turn.
    /// </summary>
    private async Task PassTurnAsync()
    {
        var batch = _open;
        if (batch is not null && !batch.Failed && batch.Units < MaxUnitsPerCommit && TryHandOver())
        {
            return;
        }

        if (batch is not null)
        {
            _open = null;
            if (!await batch.CommitAsync())
            {
                await CloseAsync();
            }
        }

        TaskCompletionSource? next = null;
        lock (_lock)
        {
            // Under the lock: a unit that queued meanwhile gets the turn, and none is left waiting on a free writer.
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _held = false;
            }
        }

        if (next is not null)
        {
            Hand(next);
        }
    }

    /// <summary>
    /// Starts the next unit from this thread's local queue: not on the giver's stack (so a chain of units never
    /// deepens it), and not behind the pool's global queue either, where requests waiting for the CPU would hold
    /// up the one writer while its transaction sits open.
    /// </summary>
    private static void Hand(TaskCompletionSource next) =>
        ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.TrySetResult(), next, preferLocal: true);

    /// <summary>Closes the writer's connection; only between batches (on failure, or when the writer holds the turn).</summary>
    private async Task CloseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Closes the connection if no unit is in a batch (one still inside it needs it, and closes nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_held)
            {
                return;
            }

            _held = true;
        }

        await CloseAsync();
        await PassTurnAsync();
    }

    private bool TryHandOver()
    {
        TaskCompletionSource next;
        lock (_lock)
        {
            if (_waiters.First is not { } first)
            {
                return false;
            }

            _waiters.RemoveFirst();
            next = first.Value;
        }

        Hand(next);
        return true;
    }

    /// <summary>One open transaction shared by the units that took turns on it.</summary>
    internal sealed class Batch(CachingSqliteConnection connection, DbTransaction transaction)
    {
        private const string Savepoint = "unit";
        private readonly TaskCompletionSource _durable = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _failure;

        public CachingSqliteConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; } = transaction;

        /// <summary>Units that released their savepoint into this batch.</summary>
        public int Units { get; set; }

        public bool Failed => _failure is not null;

        /// <summary>Completes when the batch has committed; faults when it could not.</summary>
        public Task Durable => _durable.Task;

        public void Fail(Exception failure) => _failure ??= failure;

        /// <summary>True when SQLite has ended the batch's transaction by itself (a disk-full or I/O error rolls it back).</summary>
        public bool Lost => SqliteEngine.IsAutocommit(Connection.Inner);

        /// <summary>Rows changed on the batch's connection so far, by every unit (SQLite's total_changes).</summary>
        public int Changes => SQLitePCL.raw.sqlite3_total_changes(Connection.Inner.Handle);

        /// <summary>Opens the running unit's savepoint.</summary>
        public void Save() => Connection.Execute("SAVEPOINT " + Savepoint, Transaction);

        /// <summary>Keeps what the running unit wrote in the batch.</summary>
        public void Release() => Connection.Execute("RELEASE " + Savepoint, Transaction);

        /// <summary>Undoes what the running unit wrote, and ends its savepoint.</summary>
        public void RollBack()
        {
            Connection.Execute("ROLLBACK TO " + Savepoint, Transaction);
            Connection.Execute("RELEASE " + Savepoint, Transaction);
        }

        /// <summary>Commits for every unit; false when the batch failed, and its connection should not be used again.</summary>
        public async Task<bool> CommitAsync()
        {
            var committed = false;
            try
            {
                if (_failure is not null)
                {
                    throw new InvalidOperationException("The batch's transaction was lost; none of its units were stored.", _failure);
                }

                if (Lost)
                {
                    throw new InvalidOperationException("SQLite rolled the batch's transaction back; none of its units were stored.");
                }

                await Transaction.CommitAsync();
                committed = true;
                _durable.TrySetResult();
            }
            catch (Exception ex)
            {
                _durable.TrySetException(ex);
            }
            finally
            {
                try
                {
                    await Transaction.DisposeAsync();
                }
                catch (DbException)
                {
                    // Rolling back a transaction SQLite already dropped fails; the writer closes the connection either way.
                }
            }

            return committed;
        }
    }
}

/// <summary>
/// One unit's place in a <see cref="SqliteWriter"/> batch: its savepoint, opened at its first write (or not at all),
/// and ended once.
/// </summary>
internal sealed class SqliteWriteLease(SqliteWriter writer, SqliteWriter.Batch batch) : IUnitTransaction
{
    private readonly int _changesAtStart = batch.Changes;
    private bool _lastWrite;
    private int _ended;

    public DbSession Session { get; } = new(batch.Connection, batch.Transaction, StorageProvider.Sqlite);

    /// <summary>True once the unit opened its savepoint.</summary>
    internal bool InSavepoint { get; private set; }

    /// <summary>True when rows changed since the unit began.</summary>
    internal bool Changed => batch.Changes != _changesAtStart;

    /// <summary>
    /// Before each statement of the unit that may write: opens the savepoint at the first, unless that is the unit's last
    /// statement, run bare. A second statement after a bare one that changed rows is refused: nothing could undo the first.
    /// </summary>
    internal void BeforeWrite()
    {
        if (InSavepoint)
        {
            return;
        }

        if (Changed)
        {
            throw new InvalidOperationException("A unit's last write is one statement: rows it changed outside a savepoint could not be undone.");
        }

        if (!_lastWrite)
        {
            batch.Save();
            InSavepoint = true;
        }
    }

    public Task CommitAsync()
    {
        ObjectDisposedException.ThrowIf(Interlocked.Exchange(ref _ended, 1) != 0, this);
        return writer.CommitAsync(batch, this);
    }

    /// <summary>The writer's turn passes on at once; this returns when the batch holding the unit has committed.</summary>
    Task IUnitTransaction.CommitAsync(CancellationToken cancellationToken) => CommitAsync();

    /// <summary>
    /// Runs the unit's last write, one statement, and commits. In a unit that has not written before, the statement runs
    /// without a savepoint: if it fails SQLite undoes it alone, and if it succeeds it is committed with nothing in between.
    /// </summary>
    public async Task CommitAfterAsync(Func<CancellationToken, Task> lastWrite, CancellationToken cancellationToken)
    {
        _lastWrite = true;
        await lastWrite(cancellationToken);
        await CommitAsync();
    }

    /// <summary>Rolls the unit back unless it already ended.</summary>
    public Task EndAsync() =>
        Interlocked.Exchange(ref _ended, 1) == 0 ? writer.RollbackAsync(batch, this) : Task.CompletedTask;
}
