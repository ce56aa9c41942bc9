using HelpAgency.Core.Projects;

namespace HelpAgency.Storage.Projects;

/// <summary>A projects row as Dapper reads it, shared by the repositories that read projects.</summary>
internal sealed class ProjectRow
{
    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string UnitName { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string ProjectType { get; init; } = "";

    public string Park { get; init; } = "";

    public bool IsKeyProject { get; init; }

    public bool CommitsToStart { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public Project ToProject() => new(Id, Name, UnitName, CreditCode, ProjectType, Park, IsKeyProject, CommitsToStart, CreatedAt);
}

/// <summary>A project_contacts row as Dapper reads it.</summary>
internal sealed class ContactRow
{
    public long Id { get; init; }

    public long ProjectId { get; init; }

    public string UserId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Phone { get; init; } = "";

    public DateTimeOffset Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public ProjectContact ToContact() => new(Id, ProjectId, UserId, Name, Phone, Since, Until);
}
