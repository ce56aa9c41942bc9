namespace HelpAgency.Core.Projects;

/// <summary>A construction project of an enterprise (项目单位).</summary>
public sealed record Project(
    long Id,
    string Name,
    string UnitName,
    string CreditCode,
    string ProjectType,
    string Park,
    bool IsKeyProject,
    bool CommitsToStart,
    DateTimeOffset CreatedAt);

/// <summary>
/// A person the unit named for the project (项目单位指定专人). Replacing a contact ends the old row
/// (<see cref="Until"/>) and keeps it as history; pushes go to the current ones.
/// </summary>
public sealed record ProjectContact(long Id, long ProjectId, string UserId, string Name, string Phone, DateTimeOffset Since, DateTimeOffset? Until)
{
    public bool IsCurrent => Until is null;
}
