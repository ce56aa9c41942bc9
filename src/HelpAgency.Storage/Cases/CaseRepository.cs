using Dapper;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Staff;
using HelpAgency.Storage.Staff;
using static HelpAgency.Storage.Cases.CaseSql;

namespace HelpAgency.Storage.Cases;

internal sealed class CaseRepository(DbSession session, IdentityMap map) : ICaseRepository
{
    private const string CaseColumns = """
        c.id AS Id, c.project_id AS ProjectId, c.status AS Status, c.assistant_id AS AssistantId, c.opened_at AS OpenedAt,
        c.closed_at AS ClosedAt, c.termination_reason AS TerminationReason, c.evaluation_score AS EvaluationScore,
        c.evaluation_comment AS EvaluationComment, c.evaluated_at AS EvaluatedAt, c.certificates AS Certificates
        """;

    private const string ItemColumns = """
        case_id AS CaseId, item_code AS ItemCode, seq AS Seq, status AS Status, planned_start AS PlannedStart,
        planned_due AS PlannedDue, updated_at AS UpdatedAt, submitted_at AS SubmittedAt, accepted_at AS AcceptedAt,
        completed_at AS CompletedAt, certificate_no AS CertificateNo, note AS Note, reason AS Reason
        """;

    public Task<long> AddAsync(ServiceCase serviceCase, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO cases (project_id, status, assistant_id, opened_at)
            VALUES (@ProjectId, @Status, @AssistantId, @OpenedAt)
            RETURNING id
            """,
            new { serviceCase.ProjectId, Status = serviceCase.Status.ToStored(), serviceCase.AssistantId, serviceCase.OpenedAt },
            cancellationToken));

    public async Task<ServiceCase?> FindAsync(long id, bool forUpdate, CancellationToken cancellationToken)
    {
        if (map.TryGetCase(id, forUpdate, out var kept))
        {
            return kept;
        }

        // SQLite writers already hold the database lock (BEGIN IMMEDIATE); PostgreSQL locks the row.
        var locks = forUpdate && session.Provider == StorageProvider.Postgres;
        if (locks)
        {
            map.BeforeLockingRead();
        }

        var row = await session.Connection.QuerySingleOrDefaultAsync<CaseRow>(session.Command(
            $"SELECT {CaseColumns} FROM cases c WHERE c.id = @id{(locks ? " FOR UPDATE" : "")}", new { id }, cancellationToken));
        if (row?.ToCase() is not { } serviceCase)
        {
            return null;
        }

        map.Keep(serviceCase, locked: locks);
        return serviceCase;
    }

    public async Task UpdateAsync(ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        map.CaseWritten(serviceCase.Id);
        await session.Connection.ExecuteAsync(session.Command(
            """
            UPDATE cases SET status = @Status, assistant_id = @AssistantId, closed_at = @ClosedAt,
                termination_reason = @TerminationReason, evaluation_score = @EvaluationScore,
                evaluation_comment = @EvaluationComment, evaluated_at = @EvaluatedAt, certificates = @Certificates
            WHERE id = @Id
            """,
            new
            {
                serviceCase.Id,
                Status = serviceCase.Status.ToStored(),
                serviceCase.AssistantId,
                serviceCase.ClosedAt,
                serviceCase.TerminationReason,
                serviceCase.EvaluationScore,
                serviceCase.EvaluationComment,
                serviceCase.EvaluatedAt,
                serviceCase.Certificates,
            },
            cancellationToken));
        if (serviceCase.Status.IsClosed())
        {
            // Closing takes the case's items out of the reminder index (ix_case_items_open_due); open cases never
            // reopen, so only closing needs the second statement.
            await session.Connection.ExecuteAsync(session.Command(
                "UPDATE case_items SET case_open = FALSE WHERE case_id = @Id AND case_open", new { serviceCase.Id }, cancellationToken));
        }
    }

    public Task<IReadOnlyList<ServiceCase>> OfProjectAsync(long projectId, CancellationToken cancellationToken) =>
        QueryCasesAsync($"SELECT {CaseColumns} FROM cases c WHERE c.project_id = @projectId ORDER BY c.id DESC", new { projectId }, cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> OfContactAsync(string userId, CancellationToken cancellationToken)
    {
        var cases = await QueryCasesAsync(
            $"""
            SELECT {CaseColumns} FROM cases c
            WHERE c.project_id IN (SELECT project_id FROM project_contacts WHERE user_id = @userId AND until IS NULL)
            ORDER BY c.id DESC
            """,
            new { userId },
            cancellationToken);
        foreach (var serviceCase in cases)
        {
            // The read's own condition: the user is a current contact of each case's project.
            map.KeepCurrentContact(serviceCase.ProjectId, userId);
        }

        return cases;
    }

    public Task<IReadOnlyList<ServiceCase>> OfAssistantAsync(string assistantId, bool openOnly, CancellationToken cancellationToken) =>
        QueryCasesAsync(
            $"SELECT {CaseColumns} FROM cases c WHERE c.assistant_id = @assistantId{(openOnly ? $" AND c.status IN {OpenStatuses}" : "")} ORDER BY c.id DESC",
            new { assistantId },
            cancellationToken);

    public Task<IReadOnlyList<ServiceCase>> ListAsync(bool openOnly, long beforeId, int limit, CancellationToken cancellationToken) =>
        QueryCasesAsync(
            $"SELECT {CaseColumns} FROM cases c WHERE c.id < @beforeId{(openOnly ? $" AND c.status IN {OpenStatuses}" : "")} ORDER BY c.id DESC LIMIT @limit",
            new { beforeId, limit },
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, int>> OpenCaseCountsAsync(IReadOnlyCollection<string> assistantIds, CancellationToken cancellationToken)
    {
        // Kept by triggers on cases (migration 0013), so an opening reads a row an assistant rather than counting their cases.
        var counts = assistantIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        if (counts.Count == 0)
        {
            return counts;
        }

        var rows = await session.Connection.QueryAsync<(string AssistantId, int OpenCases)>(session.Command(
            $"SELECT assistant_id, open_cases FROM assistant_open_cases WHERE {session.Provider.AnyOf("assistant_id", "ids")}",
            new { ids = counts.Keys.ToArray() },
            cancellationToken));
        foreach (var (assistantId, openCases) in rows)
        {
            counts[assistantId] = openCases;
        }

        return counts;
    }

    public async Task AddItemsAsync(IEnumerable<CaseItem> items, CancellationToken cancellationToken)
    {
        // One multi-row INSERT per chunk, not one round trip per item: a plan has up to 40 items.
        foreach (var chunk in items.Chunk(50))
        {
            var parameters = new DynamicParameters();
            var values = MultiRowValues.Of(chunk, parameters, [],
                ("c", i => i.CaseId), ("i", i => i.ItemCode), ("s", i => i.Seq), ("t", i => i.Status.ToStored()),
                ("ps", i => i.PlannedStart), ("pd", i => i.PlannedDue), ("u", i => i.UpdatedAt), ("r", i => i.Reason));
            await session.Connection.ExecuteAsync(session.Command(
                $"INSERT INTO case_items (case_id, item_code, seq, status, planned_start, planned_due, updated_at, reason) VALUES {values}",
                parameters,
                cancellationToken));
        }
    }

    /// <summary>A case's items (@caseId) in the plan's order.</summary>
    private const string ItemsSql = $"SELECT {ItemColumns} FROM case_items WHERE case_id = @caseId ORDER BY seq";

    public async Task<IReadOnlyList<CaseItem>> ItemsAsync(long caseId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<ItemRow>(session.Command(ItemsSql, new { caseId }, cancellationToken));
        return rows.Select(r => r.ToItem()).ToList();
    }

    public async Task<CaseProgressReads> ProgressAsync(long caseId, string? assistantId, CancellationToken cancellationToken)
    {
        var parameters = new { caseId, userId = assistantId };
        StaffMember? assistant = null;
        var readAssistant = assistantId is not null && !map.TryGetStaff(assistantId, out assistant);
        IEnumerable<ItemRow> items;
        IEnumerable<CoordinationRepository.IssueRow> issues;
        StaffRepository.Row? assistantRow = null;
        if (session.Provider == StorageProvider.Postgres)
        {
            // One round trip for the three. On SQLite a text of several statements would save no trip, and the writer
            // would take it for a write (no lone SELECT) and open a savepoint for it: there each runs alone.
            var sql = $"{ItemsSql};\n{CoordinationRepository.IssuesSql}" + (readAssistant ? $";\n{StaffRepository.FindSql}" : "");
            await using var reads = await session.Connection.QueryMultipleAsync(session.Command(sql, parameters, cancellationToken));
            items = await reads.ReadAsync<ItemRow>();
            issues = await reads.ReadAsync<CoordinationRepository.IssueRow>();
            if (readAssistant)
            {
                assistantRow = await reads.ReadSingleOrDefaultAsync<StaffRepository.Row>();
            }
        }
        else
        {
            items = await session.Connection.QueryAsync<ItemRow>(session.Command(ItemsSql, parameters, cancellationToken));
            issues = await session.Connection.QueryAsync<CoordinationRepository.IssueRow>(session.Command(CoordinationRepository.IssuesSql, parameters, cancellationToken));
            if (readAssistant)
            {
                assistantRow = await session.Connection.QuerySingleOrDefaultAsync<StaffRepository.Row>(session.Command(StaffRepository.FindSql, parameters, cancellationToken));
            }
        }

        if (readAssistant)
        {
            assistant = assistantRow?.ToMember();
            map.KeepStaff(assistantId!, assistant);
        }

        return new CaseProgressReads([.. items.Select(r => r.ToItem())], [.. issues.Select(r => r.ToIssue())], assistant);
    }

    public Task UpdateItemAsync(CaseItem item, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            """
            UPDATE case_items SET status = @Status, updated_at = @UpdatedAt, submitted_at = @SubmittedAt, accepted_at = @AcceptedAt,
                completed_at = @CompletedAt, certificate_no = @CertificateNo, note = @Note, planned_start = @PlannedStart, planned_due = @PlannedDue
            WHERE case_id = @CaseId AND item_code = @ItemCode
            """,
            new
            {
                item.CaseId,
                item.ItemCode,
                Status = item.Status.ToStored(),
                item.UpdatedAt,
                item.SubmittedAt,
                item.AcceptedAt,
                item.CompletedAt,
                item.CertificateNo,
                item.Note,
                item.PlannedStart,
                item.PlannedDue,
            },
            cancellationToken));

    public Task UpsertCheckAsync(MaterialCheck check, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            """
            INSERT INTO material_checks (case_id, item_code, material, result, note, checked_by, checked_at)
            VALUES (@CaseId, @ItemCode, @Material, @Result, @Note, @CheckedBy, @CheckedAt)
            ON CONFLICT (case_id, item_code, material) DO UPDATE SET
                result = excluded.result, note = excluded.note, checked_by = excluded.checked_by, checked_at = excluded.checked_at
            """,
            new { check.CaseId, check.ItemCode, check.Material, Result = check.Result.ToStored(), check.Note, check.CheckedBy, check.CheckedAt },
            cancellationToken));

    public Task<long> AddEvaluationAsync(CaseEvaluation evaluation, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO case_evaluations (case_id, user_id, score, comment, at)
            VALUES (@CaseId, @UserId, @Score, @Comment, @At)
            RETURNING id
            """,
            new { evaluation.CaseId, evaluation.UserId, evaluation.Score, evaluation.Comment, evaluation.At },
            cancellationToken));

    public async Task<IReadOnlyList<CaseEvaluation>> EvaluationsAsync(long caseId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<EvaluationRow>(session.Command(
            """
            SELECT id AS Id, case_id AS CaseId, user_id AS UserId, score AS Score, comment AS Comment, at AS At
            FROM case_evaluations WHERE case_id = @caseId ORDER BY id
            """,
            new { caseId },
            cancellationToken));
        return rows.Select(r => new CaseEvaluation(r.Id, r.CaseId, r.UserId, (int)r.Score, r.Comment, r.At)).ToList();
    }

    public async Task<IReadOnlyDictionary<int, int>> ScoreCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<(long Score, long Count)>(session.Command(
            "SELECT CAST(score AS BIGINT) AS score, COUNT(*) AS n FROM case_evaluations WHERE at >= @from AND at < @to GROUP BY score",
            new { from, to },
            cancellationToken));
        return rows.ToDictionary(r => (int)r.Score, r => (int)r.Count);
    }

    public async Task<IReadOnlyList<MaterialCheck>> ChecksAsync(long caseId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<CheckRow>(session.Command(
            """
            SELECT case_id AS CaseId, item_code AS ItemCode, material AS Material, result AS Result, note AS Note,
                   checked_by AS CheckedBy, checked_at AS CheckedAt
            FROM material_checks WHERE case_id = @caseId ORDER BY item_code, material
            """,
            new { caseId },
            cancellationToken));
        return rows.Select(r => new MaterialCheck(r.CaseId, r.ItemCode, r.Material, StoredNames.ParseStored<MaterialResult>(r.Result), r.Note, r.CheckedBy, r.CheckedAt)).ToList();
    }

    /// <summary>
    /// The reminder scan, in the index's order (planned_due, case_id, then the item code). i.case_open repeats the
    /// index's condition so both engines can use it, and leaves closed cases' items unread. CROSS JOIN keeps
    /// case_items the outer table on SQLite (PostgreSQL plans it as the inner join it is): without statistics
    /// SQLite would start from every open case and sort all their items.
    /// </summary>
    private const string OverdueScanFrom = $"""
        SELECT i.case_id AS CaseId, c.project_id AS ProjectId, c.assistant_id AS AssistantId, i.item_code AS ItemCode,
               i.status AS Status, i.planned_due AS PlannedDue
        FROM case_items i CROSS JOIN cases c
        WHERE c.id = i.case_id AND {IsOverdue}
          AND i.case_open AND c.status IN {OpenStatuses}
        """;

    private const string OverdueScanOrder = "\nORDER BY i.planned_due, i.case_id, i.item_code\nLIMIT @limit";

    /// <summary>The first page of the scan.</summary>
    internal const string OverdueScanFirstSql = OverdueScanFrom + OverdueScanOrder;

    /// <summary>
    /// A later page starts after the last item of the one before: the row comparison alone, so each engine starts
    /// its index range there (an "@after IS NULL OR ..." in one text made both read the index from its start).
    /// </summary>
    internal const string OverdueScanNextSql = OverdueScanFrom
        + "\n  AND (i.planned_due, i.case_id, i.item_code) > (@afterDue, @afterCase, @afterCode)" + OverdueScanOrder;

    public async Task<IReadOnlyList<OverdueItem>> OverdueItemsAsync(DateOnly today, int limit, CancellationToken cancellationToken, OverdueItem? after = null)
    {
        var (sql, parameters) = OverdueScan(today, limit, after);
        var rows = await session.Connection.QueryAsync<OverdueRow>(session.Command(sql, parameters, cancellationToken));
        return rows.Select(r => new OverdueItem(r.CaseId, r.ProjectId, r.AssistantId, r.ItemCode, StoredNames.ParseStored<ItemStatus>(r.Status), r.PlannedDue)).ToList();
    }

    internal static (string Sql, object Parameters) OverdueScan(DateOnly today, int limit, OverdueItem? after) => after is null
        ? (OverdueScanFirstSql, new { today, limit })
        : (OverdueScanNextSql, new { today, limit, afterDue = after.PlannedDue, afterCase = after.CaseId, afterCode = after.ItemCode });

    private sealed class OverdueRow
    {
        public long CaseId { get; init; }

        public long ProjectId { get; init; }

        public string? AssistantId { get; init; }

        public string ItemCode { get; init; } = "";

        public string Status { get; init; } = "";

        public DateOnly PlannedDue { get; init; }
    }

    private async Task<IReadOnlyList<ServiceCase>> QueryCasesAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var cases = (await session.Connection.QueryAsync<CaseRow>(session.Command(sql, parameters, cancellationToken))).Select(r => r.ToCase()).ToList();
        map.Keep(cases);
        return cases;
    }

    private sealed class CaseRow
    {
        public long Id { get; init; }

        public long ProjectId { get; init; }

        public string Status { get; init; } = "";

        public string? AssistantId { get; init; }

        public DateTimeOffset OpenedAt { get; init; }

        public DateTimeOffset? ClosedAt { get; init; }

        public string? TerminationReason { get; init; }

        public int? EvaluationScore { get; init; }

        public string? EvaluationComment { get; init; }

        public DateTimeOffset? EvaluatedAt { get; init; }

        public string? Certificates { get; init; }

        public ServiceCase ToCase() => new(
            Id, ProjectId, StoredNames.ParseStored<CaseStatus>(Status), AssistantId, OpenedAt, ClosedAt, TerminationReason,
            EvaluationScore, EvaluationComment, EvaluatedAt, Certificates);
    }

    private sealed class ItemRow
    {
        public long CaseId { get; init; }

        public string ItemCode { get; init; } = "";

        public int Seq { get; init; }

        public string Status { get; init; } = "";

        public DateOnly PlannedStart { get; init; }

        public DateOnly PlannedDue { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public DateTimeOffset? SubmittedAt { get; init; }

        public DateTimeOffset? AcceptedAt { get; init; }

        public DateTimeOffset? CompletedAt { get; init; }

        public string? CertificateNo { get; init; }

        public string? Note { get; init; }

        public string? Reason { get; init; }

        public CaseItem ToItem() => new(
            CaseId, ItemCode, Seq, StoredNames.ParseStored<ItemStatus>(Status), PlannedStart, PlannedDue, UpdatedAt,
            SubmittedAt, AcceptedAt, CompletedAt, CertificateNo, Note, Reason);
    }

    private sealed class CheckRow
    {
        public long CaseId { get; init; }

        public string ItemCode { get; init; } = "";

        public string Material { get; init; } = "";

        public string Result { get; init; } = "";

        public string? Note { get; init; }

        public string CheckedBy { get; init; } = "";

        public DateTimeOffset CheckedAt { get; init; }
    }

    private sealed class EvaluationRow
    {
        public long Id { get; init; }

        public long CaseId { get; init; }

        public string? UserId { get; init; }

        public long Score { get; init; }

        public string? Comment { get; init; }

        public DateTimeOffset At { get; init; }
    }
}
