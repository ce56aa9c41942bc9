namespace HelpAgency.Core.Cases;

/// <summary>A 帮办代办 case: one project's journey through the service, from acceptance to archive or termination.</summary>
public sealed record ServiceCase(
    long Id,
    long ProjectId,
    CaseStatus Status,
    string? AssistantId,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt = null,
    string? TerminationReason = null,
    int? EvaluationScore = null,
    string? EvaluationComment = null,
    DateTimeOffset? EvaluatedAt = null,
    string? Certificates = null)
{
    public bool IsEvaluated => EvaluationScore is not null;

    /// <summary>The number the enterprise quotes (受理编号), e.g. BD2026-000042.</summary>
    public string ReferenceNo => FormatReference(Id, OpenedAt);

    public static string FormatReference(long id, DateTimeOffset openedAt) =>
        $"BD{ChinaTime.Of(openedAt).Year}-{id:D6}";

    /// <summary>Reads the case id back from a reference number; the year part is not checked.</summary>
    public static bool TryParseReference(string text, out long id)
    {
        id = 0;
        var t = text.Trim().ToUpperInvariant();
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        return t.StartsWith("BD", StringComparison.Ordinal) && dash > 0
            && long.TryParse(t.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)
            && id > 0;
    }
}

/// <summary>One evaluation (服务评价) of a case; a case may have several, the latest also on the case. Null user: given before they were kept apart.</summary>
public sealed record CaseEvaluation(long Id, long CaseId, string? UserId, int Score, string? Comment, DateTimeOffset At);

/// <summary>
/// One approval item of a case with its plan and what happened to it; <see cref="Reason"/> says why a conditional
/// item is in the plan (null for an item every project of its type needs).
/// </summary>
public sealed record CaseItem(
    long CaseId,
    string ItemCode,
    int Seq,
    ItemStatus Status,
    DateOnly PlannedStart,
    DateOnly PlannedDue,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt = null,
    DateTimeOffset? AcceptedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? CertificateNo = null,
    string? Note = null,
    string? Reason = null)
{
    /// <summary>
    /// Late (超期) on <paramref name="today"/>: still to be done (<see cref="ItemStatusRules.IsPending"/>: not started, or under
    /// way and not decided) after its planned due date. A not-started item counts once its due date has gone by, not its
    /// start date: it can no longer be done on time, whatever it waits for, while one started a few days after its
    /// start date may still be (the promised days are a ceiling), and every late item then counts its lateness the same
    /// way, in working days after its due date. The one rule of the progress reply, 我的待办, the console, the digest, the
    /// reminders (the storage's SQL spells it once, for its indexes) and the re-dating of a plan.
    /// </summary>
    public bool IsOverdueOn(DateOnly today) => Status.IsPending() && PlannedDue < today;
}

public enum MaterialResult
{
    Provided,
    Missing,
    Nonconforming,
}

/// <summary>The pre-check (预审) of one material of one item: the latest finding, its history is in the ledger.</summary>
public sealed record MaterialCheck(
    long CaseId,
    string ItemCode,
    string Material,
    MaterialResult Result,
    string? Note,
    string CheckedBy,
    DateTimeOffset CheckedAt);

public enum VisitKind
{
    /// <summary>预约咨询</summary>
    Consultation,

    /// <summary>上门服务</summary>
    Onsite,
}

public enum VisitStatus
{
    Requested,
    Confirmed,
    Done,
    Cancelled,
}

/// <summary>A consultation or on-site visit booked in the early-involvement step (提前介入).</summary>
public sealed record Visit(
    long Id,
    string RequestedBy,
    long? ProjectId,
    VisitKind Kind,
    DateTimeOffset StartsAt,
    string Place,
    string Topic,
    string Phone,
    string? AssistantId,
    VisitStatus Status,
    DateTimeOffset CreatedAt);

public enum IssueStatus
{
    Open,
    Resolved,
}

/// <summary>A problem that needs departments to coordinate (协调办理).</summary>
public sealed record CoordinationIssue(
    long Id,
    long CaseId,
    string? ItemCode,
    string Title,
    string LeadDepartment,
    IssueStatus Status,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    string? Resolution = null,
    DateTimeOffset? ResolvedAt = null);

public enum MeetingStatus
{
    Scheduled,
    Held,
    Cancelled,
}

/// <summary>A coordination meeting (协调会议); <see cref="ChatId"/> names its WeCom group chat, our own id.</summary>
public sealed record Meeting(
    long Id,
    long CaseId,
    long? IssueId,
    string Topic,
    DateTimeOffset StartsAt,
    string Place,
    IReadOnlyList<string> Participants,
    string Agenda,
    MeetingStatus Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? Minutes = null,
    string? ChatId = null);

/// <summary>A follow-up action decided at a meeting (跟踪落实), with its owner and due date.</summary>
public sealed record FollowUpAction(long Id, long MeetingId, string Description, string OwnerId, DateOnly DueDate, DateTimeOffset? DoneAt = null);
