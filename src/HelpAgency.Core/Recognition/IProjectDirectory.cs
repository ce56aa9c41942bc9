namespace HelpAgency.Core.Recognition;

/// <summary>The names of the projects a user may see, for matching the "project" entity; cases provide it.</summary>
public interface IProjectDirectory
{
    Task<IReadOnlyList<string>> ProjectNamesAsync(string user, CancellationToken cancellationToken);
}
