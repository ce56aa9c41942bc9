using HelpAgency.Core.Persistence;

namespace HelpAgency.Storage;

/// <summary>Starts units of work on the configured database.</summary>
public sealed class UnitOfWorkFactory(Database database) : IUnitOfWorkFactory
{
    public Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken) => BeginAsync(readOnly: false, cancellationToken);

    public Task<IUnitOfWork> BeginReadAsync(CancellationToken cancellationToken) => BeginAsync(readOnly: true, cancellationToken);

    private async Task<IUnitOfWork> BeginAsync(bool readOnly, CancellationToken cancellationToken) =>
        await BeginUnitAsync(readOnly, cancellationToken);

    /// <summary>A unit of work as the storage itself uses it, with its session at hand.</summary>
    internal async Task<UnitOfWork> BeginUnitAsync(bool readOnly, CancellationToken cancellationToken) =>
        new(await database.BeginUnitAsync(readOnly, cancellationToken));
}
