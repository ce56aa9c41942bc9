namespace HelpAgency.Core.Persistence;

/// <summary>Starts units of work against the configured database.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>Starts a transaction that will write; writers are serialised by the database.</summary>
    Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that only reads a consistent snapshot and never blocks writers (the console's lists,
    /// sign-in checks). The database refuses a write in it.
    /// </summary>
    Task<IUnitOfWork> BeginReadAsync(CancellationToken cancellationToken);
}
