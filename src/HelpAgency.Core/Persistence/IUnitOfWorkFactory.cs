namespace HelpAgency.Core.Persistence;

/// <summary>Starts units of work against the configured database.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>Starts a transaction that will write; writers are serialised by the database.</summary>
    Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that only reads a consistent snapshot and never blocks writers. A write in it may
    /// fail with <see cref="WriteRefusedException"/> (it does on SQLite), having changed nothing.
    /// </summary>
    Task<IUnitOfWork> BeginReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when writing units take turns on one writer (SQLite): whoever can should then do the reading and
    /// deciding on a read unit first and hold the writer only for the writes.
    /// </summary>
    bool HasSingleWriter => false;
}
