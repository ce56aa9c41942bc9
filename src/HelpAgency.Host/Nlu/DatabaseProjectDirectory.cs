using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Host.Nlu;

/// <summary>The project names a user's messages may mention, read as a turn reads them, so /api/nlu/parse finds "project" entities as a turn would.</summary>
internal sealed class DatabaseProjectDirectory(IUnitOfWorkFactory database) : IProjectDirectory
{
    public async Task<IReadOnlyList<string>> ProjectNamesAsync(string user, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginReadAsync(cancellationToken);
        return await work.Users.FindAsync(user, cancellationToken) is { } known
            ? await ProjectNames.KnownToAsync(work, known, cancellationToken)
            : [];
    }
}
