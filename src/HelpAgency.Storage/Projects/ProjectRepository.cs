using Dapper;
using HelpAgency.Core.Projects;
using HelpAgency.Storage.Cases;

namespace HelpAgency.Storage.Projects;

internal sealed class ProjectRepository(DbSession session, IdentityMap map) : IProjectRepository
{
    private const string ProjectColumns = """
        p.id AS Id, p.name AS Name, p.unit_name AS UnitName, p.credit_code AS CreditCode, p.project_type AS ProjectType,
        p.park AS Park, p.is_key_project AS IsKeyProject, p.commits_to_start AS CommitsToStart, p.created_at AS CreatedAt
        """;

    /// <summary>The projects @userId is a current contact of, newest first: whole projects or only their names.</summary>
    private const string OfCurrentContact = """
        FROM projects p
        JOIN project_contacts c ON c.project_id = p.id AND c.user_id = @userId AND c.until IS NULL
        ORDER BY p.id DESC
        """;

    private const string ContactColumns = """
        id AS Id, project_id AS ProjectId, user_id AS UserId, name AS Name, phone AS Phone, since AS Since, until AS Until
        """;

    public Task<long> AddAsync(Project project, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
            VALUES (@Name, @UnitName, @CreditCode, @ProjectType, @Park, @IsKeyProject, @CommitsToStart, @CreatedAt)
            RETURNING id
            """,
            project,
            cancellationToken));

    public async Task<Project?> FindAsync(long id, CancellationToken cancellationToken)
    {
        if (map.TryGetProject(id, out var kept))
        {
            return kept;
        }

        var project = (await session.Connection.QuerySingleOrDefaultAsync<ProjectRow>(session.Command(
            $"SELECT {ProjectColumns} FROM projects p WHERE p.id = @id", new { id }, cancellationToken)))?.ToProject();
        if (project is not null)
        {
            map.Keep(project);
        }

        return project;
    }

    public Task<long> AddContactAsync(long projectId, string userId, string name, string phone, DateTimeOffset since, CancellationToken cancellationToken)
    {
        map.ContactsWritten(projectId);
        return session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO project_contacts (project_id, user_id, name, phone, since)
            VALUES (@projectId, @userId, @name, @phone, @since)
            RETURNING id
            """,
            new { projectId, userId, name, phone, since },
            cancellationToken));
    }

    public async Task<bool> EndContactAsync(long projectId, string userId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        map.ContactsWritten(projectId);
        return await session.Connection.ExecuteAsync(session.Command(
            "UPDATE project_contacts SET until = @until WHERE project_id = @projectId AND user_id = @userId AND until IS NULL",
            new { projectId, userId, until },
            cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<ProjectContact>> ContactsAsync(long projectId, bool includeHistory, CancellationToken cancellationToken)
    {
        if (map.TryGetContacts(projectId, includeHistory, out var kept))
        {
            return kept;
        }

        var rows = await session.Connection.QueryAsync<ContactRow>(session.Command(
            $"""
            SELECT {ContactColumns} FROM project_contacts
            WHERE project_id = @projectId AND (@includeHistory OR until IS NULL)
            ORDER BY CASE WHEN until IS NULL THEN 0 ELSE 1 END, id
            """,
            new { projectId, includeHistory },
            cancellationToken));
        var contacts = rows.Select(r => r.ToContact()).ToList();
        map.Keep(projectId, includeHistory, contacts);
        return contacts;
    }

    public async Task<bool> IsCurrentContactAsync(long projectId, string userId, CancellationToken cancellationToken)
    {
        if (map.IsCurrentContact(projectId, userId) is { } known)
        {
            return known;
        }

        var current = await session.Connection.ExecuteScalarAsync<long>(session.Command(
            "SELECT COUNT(*) FROM project_contacts WHERE project_id = @projectId AND user_id = @userId AND until IS NULL",
            new { projectId, userId },
            cancellationToken)) > 0;
        if (current)
        {
            map.KeepCurrentContact(projectId, userId);
        }

        return current;
    }

    public async Task<IReadOnlyList<Project>> OfContactAsync(string userId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<ProjectRow>(session.Command(
            $"SELECT {ProjectColumns} {OfCurrentContact}",
            new { userId },
            cancellationToken));
        var projects = rows.Select(r => r.ToProject()).ToList();
        foreach (var project in projects)
        {
            map.Keep(project);
            map.KeepCurrentContact(project.Id, userId);
        }

        return projects;
    }

    public async Task<IReadOnlyList<OpenCaseOfUnit>> OpenCasesOfUnitAsync(string creditCode, CancellationToken cancellationToken) =>
        [.. (await session.Connection.QueryAsync<OpenCaseRow>(session.Command(
            $"""
            SELECT p.name AS ProjectName, c.id AS CaseId, c.opened_at AS OpenedAt
            FROM projects p JOIN cases c ON c.project_id = p.id AND c.status IN {CaseSql.OpenStatuses}
            WHERE p.credit_code = @creditCode
            ORDER BY c.id DESC LIMIT 20
            """,
            new { creditCode },
            cancellationToken))).Select(r => new OpenCaseOfUnit(r.ProjectName, r.CaseId, r.OpenedAt))];

    private sealed class OpenCaseRow
    {
        public string ProjectName { get; set; } = "";

        public long CaseId { get; set; }

        public DateTimeOffset OpenedAt { get; set; }
    }

    public async Task<IReadOnlyList<string>> NamesOfContactAsync(string userId, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<string>(session.Command(
            $"SELECT p.name {OfCurrentContact}",
            new { userId },
            cancellationToken))).AsList();

    // The limit is taken on the cases alone, newest first (by key, or the assistant's index), and each project's name is
    // then read by key, so the cost follows the limit, not the tables. Joined instead, SQLite without statistics sorted
    // every open case first (57 ms at 100k), and PostgreSQL at 10k hashed the whole projects table after the limit.
    public async Task<IReadOnlyList<string>> NamesWithOpenCasesAsync(string? assistantId, int cases, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<string>(session.Command(
            $"""
            SELECT (SELECT p.name FROM projects p WHERE p.id = recent.project_id) FROM (
                SELECT latest.project_id, MAX(latest.id) AS newest FROM (
                    SELECT c.project_id, c.id FROM cases c
                    WHERE c.status IN {CaseSql.OpenStatuses}{(assistantId is null ? "" : " AND c.assistant_id = @assistantId")}
                    ORDER BY c.id DESC LIMIT @cases
                ) AS latest
                GROUP BY latest.project_id
            ) AS recent
            ORDER BY recent.newest DESC
            """,
            new { assistantId, cases },
            cancellationToken))).AsList();
}
