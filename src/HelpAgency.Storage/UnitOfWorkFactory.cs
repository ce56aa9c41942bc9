using System.Data.Common;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Storage;

/// <summary>Starts units of work on the configured database.</summary>
public sealed class UnitOfWorkFactory(Database database) : IUnitOfWorkFactory
{
    public Task<IUnitOfWork> BeginAsync(CancellationToken cancellationToken) => BeginAsync(readOnly: false, cancellationToken);

    public Task<IUnitOfWork> BeginReadAsync(CancellationToken cancellationToken) => BeginAsync(readOnly: true, cancellationToken);

    private async Task<IUnitOfWork> BeginAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (!readOnly && database.Writer is { } writer)
        {
            var lease = await writer.EnterAsync(cancellationToken);
            return new UnitOfWork(lease.Session, lease);
        }

        if (readOnly && database.Readers is { } readers)
        {
            var reader = await readers.RentAsync(cancellationToken);
            try
            {
                var snapshot = await Database.BeginAsync(reader.Inner, readOnly: true, cancellationToken);
                return new UnitOfWork(new DbSession(reader, snapshot, database.Provider), lease: null, readers);
            }
            catch
            {
                await readers.ReturnAsync(reader, reusable: false);
                throw;
            }
        }

        DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
            var transaction = await Database.BeginAsync(connection, readOnly, cancellationToken);
            return new UnitOfWork(new DbSession(connection, transaction, database.Provider), lease: null);
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
}
