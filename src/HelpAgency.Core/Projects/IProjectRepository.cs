namespace HelpAgency.Core.Projects;

public interface IProjectRepository
{
    /// <summary>Stores a new project (its <see cref="Project.Id"/> is ignored) and returns its id.</summary>
    Task<long> AddAsync(Project project, CancellationToken cancellationToken);

    Task<Project?> FindAsync(long id, CancellationToken cancellationToken);

    Task<long> AddContactAsync(long projectId, string userId, string name, string phone, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Ends a current contact; false when the user was not a current contact.</summary>
    Task<bool> EndContactAsync(long projectId, string userId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>The contacts of a project, current ones first; with history, ended ones too.</summary>
    Task<IReadOnlyList<ProjectContact>> ContactsAsync(long projectId, bool includeHistory, CancellationToken cancellationToken);

    Task<bool> IsCurrentContactAsync(long projectId, string userId, CancellationToken cancellationToken);

    /// <summary>The projects a user is a current contact of.</summary>
    Task<IReadOnlyList<Project>> OfContactAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The names of the projects a user is a current contact of, newest project first.</summary>
    Task<IReadOnlyList<string>> NamesOfContactAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The names of the projects among the latest <paramref name="cases"/> open cases (only
    /// <paramref name="assistantId"/>'s when given), each once, the project of the newest case first.
    /// </summary>
    Task<IReadOnlyList<string>> NamesWithOpenCasesAsync(string? assistantId, int cases, CancellationToken cancellationToken);

    /// <summary>The projects of the unit with this credit code that have an open case, with the case's reference, newest first.</summary>
    Task<IReadOnlyList<OpenCaseOfUnit>> OpenCasesOfUnitAsync(string creditCode, CancellationToken cancellationToken);
}

/// <summary>A project of a unit with an open case: what an application for the same project would repeat.</summary>
public sealed record OpenCaseOfUnit(string ProjectName, long CaseId, DateTimeOffset OpenedAt)
{
    public string ReferenceNo => Cases.ServiceCase.FormatReference(CaseId, OpenedAt);
}
