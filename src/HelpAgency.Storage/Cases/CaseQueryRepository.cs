using Dapper;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Projects;
using HelpAgency.Storage.Ledger;
using HelpAgency.Storage.Projects;
using static HelpAgency.Storage.Cases.CaseSql;

namespace HelpAgency.Storage.Cases;

/// <summary>The staff console's reads over many cases, inside a unit of work (a read unit: one snapshot, never the writer).</summary>
internal sealed class CaseQueryRepository(DbSession session) : ICaseQueryRepository
{
    private const string DoneItems = "('approved', 'not_applicable')";

    /// <summary>The case's current item: its first open one in plan order (null when every item is done).</summary>
    private const string CurrentItem = $"(SELECT ci.item_code FROM case_items ci WHERE ci.case_id = c.id AND ci.status NOT IN {DoneItems} ORDER BY ci.seq LIMIT 1)";

    private const string HasOverdueItem = $"(c.status IN {OpenStatuses} AND EXISTS (SELECT 1 FROM case_items i WHERE i.case_id = c.id AND {IsOverdue}))";

    public async Task<Page<CaseSummary>> CasesAsync(CaseQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var where = new List<string>();
        var parameters = new DynamicParameters(new { today = query.Today, limit = page.Size, offset = page.Offset });
        void Add(string condition, string name, object value)
        {
            where.Add(condition);
            parameters.Add(name, value);
        }

        if (query.ScopeAssistantId is { } scope)
        {
            Add("c.assistant_id = @scope", "scope", scope);
        }

        if (filter.Statuses is { Count: > 0 } statuses)
        {
            Add(session.Provider.AnyOf("c.status", "statuses"), "statuses", statuses.Select(s => s.ToStored()).ToList());
        }

        if (filter.AssistantId is { } assistant)
        {
            Add("c.assistant_id = @assistant", "assistant", assistant);
        }

        if (filter.Park is { } park)
        {
            Add("p.park = @park", "park", park);
        }

        if (filter.KeyProject is { } key)
        {
            Add("p.is_key_project = @key", "key", key);
        }

        if (query.StageItemCodes is { } stageItems)
        {
            Add($"c.status IN {OpenStatuses} AND {session.Provider.AnyOf(CurrentItem, "stageItems")}", "stageItems", stageItems);
        }

        if (filter.Overdue is { } overdue)
        {
            where.Add(overdue ? HasOverdueItem : $"NOT {HasOverdueItem}");
        }

        var whereClause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var total = await session.Connection.ExecuteScalarAsync<long>(session.Command(
            $"SELECT COUNT(*) FROM cases c JOIN projects p ON p.id = c.project_id {whereClause}", parameters, cancellationToken));
        var rows = await session.Connection.QueryAsync<CaseSummaryRow>(session.Command(
            $"""
            SELECT c.id AS Id, c.project_id AS ProjectId, p.name AS ProjectName, p.unit_name AS UnitName, p.park AS Park,
                   p.is_key_project AS IsKeyProject, c.status AS Status, c.assistant_id AS AssistantId, u.display_name AS AssistantName,
                   c.opened_at AS OpenedAt, c.closed_at AS ClosedAt, c.evaluation_score AS EvaluationScore,
                   (SELECT COUNT(*) FROM case_items i WHERE i.case_id = c.id) AS ItemCount,
                   (SELECT COUNT(*) FROM case_items i WHERE i.case_id = c.id AND i.status IN {DoneItems}) AS ItemsDone,
                   (SELECT COUNT(*) FROM case_items i WHERE i.case_id = c.id AND c.status IN {OpenStatuses}
                       AND {IsOverdue}) AS OverdueItems,
                   {CurrentItem} AS CurrentItemCode,
                   (SELECT MIN(i.planned_due) FROM case_items i WHERE i.case_id = c.id AND i.status NOT IN {DoneItems}) AS NextDue
            FROM cases c JOIN projects p ON p.id = c.project_id LEFT JOIN users u ON u.id = c.assistant_id
            {whereClause}
            ORDER BY c.id DESC
            LIMIT @limit OFFSET @offset
            """,
            parameters,
            cancellationToken));
        return new Page<CaseSummary>(rows.Select(r => r.ToSummary()).ToList(), (int)total, page.Number, page.Size);
    }

    public async Task<Page<ProjectSummary>> ProjectsAsync(string? scopeAssistantId, PageRequest page, CancellationToken cancellationToken)
    {
        var scoped = scopeAssistantId is null ? "" : "WHERE EXISTS (SELECT 1 FROM cases c WHERE c.project_id = p.id AND c.assistant_id = @scope)";
        var parameters = new { scope = scopeAssistantId, limit = page.Size, offset = page.Offset };
        var total = await session.Connection.ExecuteScalarAsync<long>(session.Command($"SELECT COUNT(*) FROM projects p {scoped}", parameters, cancellationToken));
        var projects = (await session.Connection.QueryAsync<ProjectRow>(session.Command(
            $"""
            SELECT p.id AS Id, p.name AS Name, p.unit_name AS UnitName, p.credit_code AS CreditCode, p.project_type AS ProjectType, p.park AS Park,
                   p.is_key_project AS IsKeyProject, p.commits_to_start AS CommitsToStart, p.created_at AS CreatedAt
            FROM projects p {scoped}
            ORDER BY p.id DESC
            LIMIT @limit OFFSET @offset
            """,
            parameters,
            cancellationToken))).ToList();
        var ids = projects.Select(p => p.Id).ToList();
        var contacts = (await session.Connection.QueryAsync<ContactRow>(session.Command(
            $"""
            SELECT id AS Id, project_id AS ProjectId, user_id AS UserId, name AS Name, phone AS Phone, since AS Since, until AS Until
            FROM project_contacts WHERE {session.Provider.AnyOf("project_id", "ids")} AND until IS NULL ORDER BY id
            """,
            new { ids },
            cancellationToken))).ToLookup(c => c.ProjectId);
        var cases = (await session.Connection.QueryAsync<(long Id, long ProjectId)>(session.Command(
            $"SELECT id AS Id, project_id AS ProjectId FROM cases WHERE {session.Provider.AnyOf("project_id", "ids")}{(scopeAssistantId is null ? "" : " AND assistant_id = @scope")} ORDER BY id",
            new { ids, scope = scopeAssistantId },
            cancellationToken))).ToLookup(c => c.ProjectId, c => c.Id);
        var summaries = projects.Select(p => new ProjectSummary(p.ToProject(), contacts[p.Id].Select(c => c.ToContact()).ToList(), cases[p.Id].ToList())).ToList();
        return new Page<ProjectSummary>(summaries, (int)total, page.Number, page.Size);
    }

    public async Task<OverviewData> OverviewAsync(string? scopeAssistantId, DateOnly today, int overdueLimit, CancellationToken cancellationToken)
    {
        var scope = scopeAssistantId is null ? "" : " AND c.assistant_id = @scope";
        var parameters = new { scope = scopeAssistantId, today, limit = overdueLimit };
        var connection = session.Connection;

        var byStatus = (await connection.QueryAsync<CountRow>(session.Command(
            $"SELECT c.status AS Code, COUNT(*) AS Count FROM cases c WHERE 1 = 1{scope} GROUP BY c.status", parameters, cancellationToken)))
            .ToDictionary(r => r.Code!, r => (int)r.Count, StringComparer.Ordinal);
        var byCurrentItem = await connection.QueryAsync<CountRow>(session.Command(
            $"SELECT q.code AS Code, COUNT(*) AS Count FROM (SELECT {CurrentItem} AS code FROM cases c WHERE c.status IN {OpenStatuses}{scope}) q GROUP BY q.code",
            parameters,
            cancellationToken));
        const string overdueFrom = $"""
            FROM case_items i JOIN cases c ON c.id = i.case_id JOIN projects p ON p.id = c.project_id
            WHERE {IsOverdue} AND i.case_open AND c.status IN {OpenStatuses}
            """;
        var overdueCount = await connection.ExecuteScalarAsync<long>(session.Command($"SELECT COUNT(*) {overdueFrom}{scope}", parameters, cancellationToken));
        var overdue = await connection.QueryAsync<OverdueItemRow>(session.Command(
            $"""
            SELECT i.case_id AS CaseId, c.opened_at AS OpenedAt, p.name AS ProjectName, c.assistant_id AS AssistantId, i.item_code AS ItemCode,
                   i.status AS Status, i.planned_due AS PlannedDue
            {overdueFrom}{scope}
            ORDER BY i.planned_due, i.case_id, i.seq
            LIMIT @limit
            """,
            parameters,
            cancellationToken));

        // One dialect difference: the China-time calendar day of an instant.
        var started = ChinaDay(session.Provider, "COALESCE(i.accepted_at, i.submitted_at)");
        var completed = ChinaDay(session.Provider, "i.completed_at");
        var spans = await connection.QueryAsync<SpanRow>(session.Command(
            $"""
            SELECT i.item_code AS ItemCode, {started} AS FromDay, {completed} AS ToDay, COUNT(*) AS Count
            FROM case_items i JOIN cases c ON c.id = i.case_id
            WHERE i.status = 'approved' AND i.completed_at IS NOT NULL AND COALESCE(i.accepted_at, i.submitted_at) IS NOT NULL{scope}
            GROUP BY i.item_code, {started}, {completed}
            """,
            parameters,
            cancellationToken));
        var scores = await connection.QueryAsync<CountRow>(session.Command(
            $"SELECT {(session.Provider == StorageProvider.Postgres ? "c.evaluation_score::text" : "CAST(c.evaluation_score AS TEXT)")} AS Code, COUNT(*) AS Count FROM cases c WHERE c.evaluation_score IS NOT NULL{scope} GROUP BY c.evaluation_score",
            parameters,
            cancellationToken));
        var assistants = await connection.QueryAsync<LoadRow>(session.Command(
            $"""
            SELECT c.assistant_id AS AssistantId, SUM(CASE WHEN c.status IN {OpenStatuses} THEN 1 ELSE 0 END) AS Open, COUNT(*) AS Total
            FROM cases c WHERE 1 = 1{scope} GROUP BY c.assistant_id
            """,
            parameters,
            cancellationToken));

        return new OverviewData(
            byStatus,
            byCurrentItem.Select(r => new CodeCount(r.Code, (int)r.Count)).ToList(),
            (int)overdueCount,
            overdue.Select(r => r.ToRow()).ToList(),
            spans.Select(r => new ItemSpan(r.ItemCode, r.FromDay, r.ToDay, (int)r.Count)).ToList(),
            scores.Select(r => new CodeCount(r.Code, (int)r.Count)).ToList(),
            assistants.Select(r => new AssistantLoad(r.AssistantId, (int)r.Open, (int)r.Total)).ToList());
    }

    public async Task<IReadOnlyList<LedgerRow>> LedgerAsync(string? scopeAssistantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<LedgerExportRow>(session.Command(
            $"""
            SELECT l.id AS Id, l.at AS At, l.actor_id AS ActorId, l.actor_role AS ActorRole, l.case_id AS CaseId, l.project_id AS ProjectId,
                   l.item_code AS ItemCode, l.action AS Action, l.details AS Details, c.opened_at AS CaseOpenedAt, p.name AS ProjectName,
                   u.display_name AS ActorName
            FROM service_ledger l
            LEFT JOIN cases c ON c.id = l.case_id
            LEFT JOIN projects p ON p.id = l.project_id
            LEFT JOIN users u ON u.id = l.actor_id
            WHERE l.at >= @from AND l.at < @to{(scopeAssistantId is null ? "" : " AND c.assistant_id = @scope")}
            ORDER BY l.id
            LIMIT @limit
            """,
            new { from, to, limit, scope = scopeAssistantId },
            cancellationToken));
        return rows.Select(r => r.ToRow()).ToList();
    }

    public async Task<IReadOnlyDictionary<string, int>> OutboxCountsAsync(CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<CountRow>(session.Command("SELECT status AS Code, COUNT(*) AS Count FROM outbox GROUP BY status", new { }, cancellationToken));
        return rows.ToDictionary(r => r.Code!, r => (int)r.Count, StringComparer.Ordinal);
    }

    private static string ChinaDay(StorageProvider provider, string instant) => provider == StorageProvider.Postgres
        ? $"(({instant}) AT TIME ZONE 'Asia/Shanghai')::date"
        : $"date(substr({instant}, 1, 19), '+8 hours')";

    private sealed class CountRow
    {
        public string? Code { get; init; }

        public long Count { get; init; }
    }

    private sealed class LoadRow
    {
        public string? AssistantId { get; init; }

        public long Open { get; init; }

        public long Total { get; init; }
    }

    private sealed class SpanRow
    {
        public string ItemCode { get; init; } = "";

        public DateOnly FromDay { get; init; }

        public DateOnly ToDay { get; init; }

        public long Count { get; init; }
    }

    private sealed class OverdueItemRow
    {
        public long CaseId { get; init; }

        public DateTimeOffset OpenedAt { get; init; }

        public string ProjectName { get; init; } = "";

        public string? AssistantId { get; init; }

        public string ItemCode { get; init; } = "";

        public string Status { get; init; } = "";

        public DateOnly PlannedDue { get; init; }

        public OverdueRow ToRow() => new(CaseId, ServiceCase.FormatReference(CaseId, OpenedAt), ProjectName, AssistantId, ItemCode, Status, PlannedDue);
    }

    private sealed class CaseSummaryRow
    {
        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string ProjectName { get; init; } = "";

        public string UnitName { get; init; } = "";

        public string Park { get; init; } = "";

        public bool IsKeyProject { get; init; }

        public string Status { get; init; } = "";

        public string? AssistantId { get; init; }

        public string? AssistantName { get; init; }

        public DateTimeOffset OpenedAt { get; init; }

        public DateTimeOffset? ClosedAt { get; init; }

        public int? EvaluationScore { get; init; }

        public long ItemCount { get; init; }

        public long ItemsDone { get; init; }

        public long OverdueItems { get; init; }

        public string? CurrentItemCode { get; init; }

        public DateOnly? NextDue { get; init; }

        public CaseSummary ToSummary() => new(
            Id, ServiceCase.FormatReference(Id, OpenedAt), ProjectId, ProjectName, UnitName, Park, IsKeyProject, StoredNames.ParseStored<CaseStatus>(Status),
            AssistantId, AssistantName, OpenedAt, ClosedAt, (int)ItemCount, (int)ItemsDone, (int)OverdueItems, CurrentItemCode, NextDue, EvaluationScore);
    }

    private sealed class LedgerExportRow : LedgerEntryRow
    {
        public DateTimeOffset? CaseOpenedAt { get; init; }

        public string? ProjectName { get; init; }

        public string? ActorName { get; init; }

        public LedgerRow ToRow() => new(
            ToEntry(),
            CaseId is { } id && CaseOpenedAt is { } opened ? ServiceCase.FormatReference(id, opened) : null,
            ProjectName,
            ActorName);
    }
}
