using HelpAgency.Core.Persistence;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Host.Nlu;

/// <summary>The projects a user is a current contact of, so /api/nlu/parse finds "project" entities as a turn would.</summary>
internal sealed class DatabaseProjectDirectory(IUnitOfWorkFactory database) : IProjectDirectory
{
    public async Task<IReadOnlyList<string>> ProjectNamesAsync(string user, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginReadAsync(cancellationToken);
        return (await work.Projects.OfContactAsync(user, cancellationToken)).Select(p => p.Name).ToList();
    }
}
