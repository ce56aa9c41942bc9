namespace HelpAgency.Core.Recognition;

/// <summary>The project directory until cases exist: nobody has a project yet.</summary>
public sealed class NoProjects : IProjectDirectory
{
    public Task<IReadOnlyList<string>> ProjectNamesAsync(string user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
