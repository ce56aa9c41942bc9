using System.Text.Json;
using Dapper;
using HelpAgency.Core;
using HelpAgency.Core.Cases;

namespace HelpAgency.Storage.Cases;

internal sealed class CoordinationRepository(DbSession session) : ICoordinationRepository
{
    private const string VisitColumns = """
        id AS Id, requested_by AS RequestedBy, project_id AS ProjectId, kind AS Kind, starts_at AS StartsAt, place AS Place,
        topic AS Topic, phone AS Phone, assistant_id AS AssistantId, status AS Status, created_at AS CreatedAt
        """;

    private const string IssueColumns = """
        id AS Id, case_id AS CaseId, item_code AS ItemCode, title AS Title, lead_department AS LeadDepartment, status AS Status,
        raised_by AS RaisedBy, raised_at AS RaisedAt, resolution AS Resolution, resolved_at AS ResolvedAt
        """;

    private const string ActionColumns =
        "id AS Id, meeting_id AS MeetingId, description AS Description, owner_id AS OwnerId, due_date AS DueDate, done_at AS DoneAt";

    private const string MeetingColumns = """
        id AS Id, case_id AS CaseId, issue_id AS IssueId, topic AS Topic, starts_at AS StartsAt, place AS Place,
        participants AS Participants, agenda AS Agenda, status AS Status, created_by AS CreatedBy, created_at AS CreatedAt, minutes AS Minutes, chat_id AS ChatId
        """;

    public Task<long> AddVisitAsync(Visit visit, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO visits (requested_by, project_id, kind, starts_at, place, topic, phone, assistant_id, status, created_at)
            VALUES (@RequestedBy, @ProjectId, @Kind, @StartsAt, @Place, @Topic, @Phone, @AssistantId, @Status, @CreatedAt)
            RETURNING id
            """,
            new
            {
                visit.RequestedBy,
                visit.ProjectId,
                Kind = visit.Kind.ToStored(),
                visit.StartsAt,
                visit.Place,
                visit.Topic,
                visit.Phone,
                visit.AssistantId,
                Status = visit.Status.ToStored(),
                visit.CreatedAt,
            },
            cancellationToken));

    public async Task<IReadOnlyList<Visit>> VisitsOfAsync(string userId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<VisitRow>(session.Command(
            $"SELECT {VisitColumns} FROM visits WHERE requested_by = @userId OR assistant_id = @userId ORDER BY starts_at",
            new { userId },
            cancellationToken));
        return rows.Select(r => r.ToVisit()).ToList();
    }

    public Task<long> AddIssueAsync(CoordinationIssue issue, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO coordination_issues (case_id, item_code, title, lead_department, status, raised_by, raised_at)
            VALUES (@CaseId, @ItemCode, @Title, @LeadDepartment, @Status, @RaisedBy, @RaisedAt)
            RETURNING id
            """,
            new { issue.CaseId, issue.ItemCode, issue.Title, issue.LeadDepartment, Status = issue.Status.ToStored(), issue.RaisedBy, issue.RaisedAt },
            cancellationToken));

    public async Task<CoordinationIssue?> FindIssueAsync(long id, CancellationToken cancellationToken) =>
        (await session.Connection.QuerySingleOrDefaultAsync<IssueRow>(session.Command(
            $"SELECT {IssueColumns} FROM coordination_issues WHERE id = @id", new { id }, cancellationToken)))?.ToIssue();

    public Task UpdateIssueAsync(CoordinationIssue issue, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            "UPDATE coordination_issues SET status = @Status, resolution = @Resolution, resolved_at = @ResolvedAt WHERE id = @Id",
            new { issue.Id, Status = issue.Status.ToStored(), issue.Resolution, issue.ResolvedAt },
            cancellationToken));

    /// <summary>A case's issues (@caseId), oldest first, as <see cref="IssueRow"/>s.</summary>
    internal const string IssuesSql = $"SELECT {IssueColumns} FROM coordination_issues WHERE case_id = @caseId ORDER BY id";

    public async Task<IReadOnlyList<CoordinationIssue>> IssuesAsync(long caseId, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<IssueRow>(session.Command(IssuesSql, new { caseId }, cancellationToken)))
        .Select(r => r.ToIssue()).ToList();

    public Task<long> AddMeetingAsync(Meeting meeting, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO meetings (case_id, issue_id, topic, starts_at, place, participants, agenda, status, created_by, created_at, chat_id)
            VALUES (@CaseId, @IssueId, @Topic, @StartsAt, @Place, @Participants, @Agenda, @Status, @CreatedBy, @CreatedAt, @ChatId)
            RETURNING id
            """,
            new
            {
                meeting.CaseId,
                meeting.IssueId,
                meeting.Topic,
                meeting.StartsAt,
                meeting.Place,
                Participants = JsonSerializer.Serialize(meeting.Participants),
                meeting.Agenda,
                Status = meeting.Status.ToStored(),
                meeting.CreatedBy,
                meeting.CreatedAt,
                meeting.ChatId,
            },
            cancellationToken));

    public async Task<Meeting?> FindMeetingAsync(long id, CancellationToken cancellationToken) =>
        (await session.Connection.QuerySingleOrDefaultAsync<MeetingRow>(session.Command(
            $"SELECT {MeetingColumns} FROM meetings WHERE id = @id", new { id }, cancellationToken)))?.ToMeeting();

    public Task UpdateMeetingAsync(Meeting meeting, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            "UPDATE meetings SET status = @Status, minutes = @Minutes, starts_at = @StartsAt, place = @Place, chat_id = @ChatId WHERE id = @Id",
            new { meeting.Id, Status = meeting.Status.ToStored(), meeting.Minutes, meeting.StartsAt, meeting.Place, meeting.ChatId },
            cancellationToken));

    public async Task<IReadOnlyList<Meeting>> MeetingsAsync(long caseId, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<MeetingRow>(session.Command(
            $"SELECT {MeetingColumns} FROM meetings WHERE case_id = @caseId ORDER BY starts_at, id", new { caseId }, cancellationToken)))
        .Select(r => r.ToMeeting()).ToList();

    public Task<long> AddActionAsync(FollowUpAction action, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO follow_up_actions (meeting_id, description, owner_id, due_date)
            VALUES (@MeetingId, @Description, @OwnerId, @DueDate)
            RETURNING id
            """,
            new { action.MeetingId, action.Description, action.OwnerId, action.DueDate },
            cancellationToken));

    public async Task<IReadOnlyList<FollowUpAction>> ActionsAsync(long meetingId, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<ActionRow>(session.Command(
            """
            SELECT id AS Id, meeting_id AS MeetingId, description AS Description, owner_id AS OwnerId, due_date AS DueDate, done_at AS DoneAt
            FROM follow_up_actions WHERE meeting_id = @meetingId ORDER BY id
            """,
            new { meetingId },
            cancellationToken)))
        .Select(r => new FollowUpAction(r.Id, r.MeetingId, r.Description, r.OwnerId, r.DueDate, r.DoneAt)).ToList();

    public async Task<FollowUpAction?> FindActionAsync(long id, CancellationToken cancellationToken) =>
        (await session.Connection.QuerySingleOrDefaultAsync<ActionRow>(session.Command(
            $"SELECT {ActionColumns} FROM follow_up_actions WHERE id = @id", new { id }, cancellationToken)))?.ToAction();

    public async Task<bool> CompleteActionAsync(long id, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(session.Command(
            "UPDATE follow_up_actions SET done_at = @doneAt WHERE id = @id AND done_at IS NULL", new { id, doneAt }, cancellationToken)) > 0;

    public async Task<IReadOnlyList<FollowUpAction>> OpenActionsOfAsync(string ownerId, int limit, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<ActionRow>(session.Command(
            $"SELECT {ActionColumns} FROM follow_up_actions WHERE owner_id = @ownerId AND done_at IS NULL ORDER BY due_date, id LIMIT @limit",
            new { ownerId, limit },
            cancellationToken)))
        .Select(r => r.ToAction()).ToList();

    public async Task<IReadOnlyList<FollowUpAction>> DueActionsAsync(DateOnly today, int limit, CancellationToken cancellationToken, FollowUpAction? after = null) =>
        (await session.Connection.QueryAsync<ActionRow>(session.Command(
            """
            SELECT id AS Id, meeting_id AS MeetingId, description AS Description, owner_id AS OwnerId, due_date AS DueDate, done_at AS DoneAt
            FROM follow_up_actions
            WHERE done_at IS NULL AND due_date <= @today AND (@afterId IS NULL OR (due_date, id) > (@afterDue, @afterId))
            ORDER BY due_date, id LIMIT @limit
            """,
            new { today, limit, afterDue = after?.DueDate ?? today, afterId = after?.Id },
            cancellationToken)))
        .Select(r => new FollowUpAction(r.Id, r.MeetingId, r.Description, r.OwnerId, r.DueDate, r.DoneAt)).ToList();

    public async Task<IReadOnlyList<Meeting>> MeetingsStartingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<MeetingRow>(session.Command(
            $"SELECT {MeetingColumns} FROM meetings WHERE status = 'scheduled' AND starts_at >= @from AND starts_at < @to ORDER BY starts_at, id",
            new { from, to },
            cancellationToken)))
        .Select(r => r.ToMeeting()).ToList();

    private sealed class VisitRow
    {
        public long Id { get; init; }

        public string RequestedBy { get; init; } = "";

        public long? ProjectId { get; init; }

        public string Kind { get; init; } = "";

        public DateTimeOffset StartsAt { get; init; }

        public string Place { get; init; } = "";

        public string Topic { get; init; } = "";

        public string Phone { get; init; } = "";

        public string? AssistantId { get; init; }

        public string Status { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public Visit ToVisit() => new(
            Id, RequestedBy, ProjectId, StoredNames.ParseStored<VisitKind>(Kind), StartsAt, Place, Topic, Phone, AssistantId,
            StoredNames.ParseStored<VisitStatus>(Status), CreatedAt);
    }

    internal sealed class IssueRow
    {
        public long Id { get; init; }

        public long CaseId { get; init; }

        public string? ItemCode { get; init; }

        public string Title { get; init; } = "";

        public string LeadDepartment { get; init; } = "";

        public string Status { get; init; } = "";

        public string RaisedBy { get; init; } = "";

        public DateTimeOffset RaisedAt { get; init; }

        public string? Resolution { get; init; }

        public DateTimeOffset? ResolvedAt { get; init; }

        public CoordinationIssue ToIssue() => new(
            Id, CaseId, ItemCode, Title, LeadDepartment, StoredNames.ParseStored<IssueStatus>(Status), RaisedBy, RaisedAt, Resolution, ResolvedAt);
    }

    private sealed class MeetingRow
    {
        public long Id { get; init; }

        public long CaseId { get; init; }

        public long? IssueId { get; init; }

        public string Topic { get; init; } = "";

        public DateTimeOffset StartsAt { get; init; }

        public string Place { get; init; } = "";

        public string Participants { get; init; } = "[]";

        public string Agenda { get; init; } = "";

        public string Status { get; init; } = "";

        public string CreatedBy { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public string? Minutes { get; init; }

        public string? ChatId { get; init; }

        public Meeting ToMeeting() => new(
            Id, CaseId, IssueId, Topic, StartsAt, Place, JsonSerializer.Deserialize<string[]>(Participants) ?? [], Agenda,
            StoredNames.ParseStored<MeetingStatus>(Status), CreatedBy, CreatedAt, Minutes, ChatId);
    }

    private sealed class ActionRow
    {
        public long Id { get; init; }

        public long MeetingId { get; init; }

        public string Description { get; init; } = "";

        public string OwnerId { get; init; } = "";

        public DateOnly DueDate { get; init; }

        public DateTimeOffset? DoneAt { get; init; }

        public FollowUpAction ToAction() => new(Id, MeetingId, Description, OwnerId, DueDate, DoneAt);
    }
}
