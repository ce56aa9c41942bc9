using System.Text.Json;
using HelpAgency.Core.Oversight;

namespace HelpAgency.Host.Admin;

// The JSON answers of the admin reads (/api/admin/...), field for field what the console's pages read.

/// <summary>GET /api/admin/me and /api/auth/me: who is signed in, and the antiforgery token their requests send.</summary>
public sealed record SignedIn(string UserId, string? Name, string? Role, string Csrf);

/// <summary>A code and its display name (a stage, an item).</summary>
public sealed record Named(string Code, string Name);

/// <summary>A staff member by id and name.</summary>
public sealed record StaffRef(string Id, string Name);

/// <summary>GET /api/admin/stages: the catalog's stages in order.</summary>
public sealed record StageList(IReadOnlyList<StageInfo> Stages);

public sealed record StageInfo(string Code, string Name, bool Optional);

/// <summary>A row of GET /api/admin/projects.</summary>
public sealed record ProjectRow(
    long Id,
    string Name,
    string Unit,
    string CreditCode,
    string ProjectType,
    string Park,
    bool KeyProject,
    bool CommitsToStart,
    DateTimeOffset CreatedAt,
    IEnumerable<ContactRow> Contacts,
    IReadOnlyList<long> Cases);

/// <summary>A project contact; <see cref="Until"/> and <see cref="Current"/> only in a case's full view.</summary>
public sealed record ContactRow(string UserId, string Name, string Phone, DateTimeOffset Since, DateTimeOffset? Until = null, bool? Current = null);

/// <summary>A row of GET /api/admin/cases.</summary>
public sealed record CaseRow(
    long Id,
    string Reference,
    long ProjectId,
    string Project,
    string Unit,
    string Park,
    bool KeyProject,
    string Status,
    string StatusLabel,
    StaffRef? Assistant,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int ItemCount,
    int ItemsDone,
    int OverdueItems,
    Named? CurrentItem,
    Named? Stage,
    DateOnly? NextDue,
    int? EvaluationScore);

/// <summary>GET /api/admin/overview: the supervisor's overview (督导总览).</summary>
public sealed record OverviewView(
    DateOnly Today,
    int OpenCases,
    int ClosedCases,
    IEnumerable<StatusCount> CasesByStatus,
    IReadOnlyList<StageCount> OpenByStage,
    int OverdueCount,
    IEnumerable<OverdueItemRow> OverdueItems,
    IReadOnlyList<ItemDuration> ItemDurations,
    Satisfaction Satisfaction,
    IReadOnlyList<AssistantCases> Assistants);

public sealed record StatusCount(string Status, string Label, int Cases);

public sealed record OverdueItemRow(
    long CaseId,
    string Reference,
    string Project,
    string? AssistantId,
    string ItemCode,
    string Item,
    string StatusLabel,
    DateOnly PlannedDue,
    int DaysLate);

/// <summary>GET /api/admin/cases/{id}: a case in full.</summary>
public sealed record CaseView(
    CaseHeader Case,
    ProjectInfo Project,
    IEnumerable<ContactRow> Contacts,
    IEnumerable<ItemRow> Items,
    IEnumerable<CheckRow> Checks,
    IEnumerable<IssueRow> Issues,
    IEnumerable<MeetingRow> Meetings,
    EvaluationRow? Evaluation,
    IEnumerable<EvaluationRow> Evaluations,
    IEnumerable<LedgerLine> Ledger);

public sealed record CaseHeader(
    long Id,
    string Reference,
    string Status,
    string StatusLabel,
    StaffRef? Assistant,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    string? TerminationReason,
    string? Certificates);

public sealed record ProjectInfo(long Id, string Name, string Unit, string CreditCode, string ProjectType, string Park, bool KeyProject, bool CommitsToStart);

public sealed record ItemRow(
    string Code,
    string Name,
    string? Stage,
    string? StageName,
    string? Department,
    string Status,
    string StatusLabel,
    int? PromisedDays,
    DateOnly PlannedStart,
    DateOnly PlannedDue,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? CompletedAt,
    int? WorkingDays,
    bool Overdue,
    string? CertificateNo,
    string? Note,
    string? Reason,
    IEnumerable<NextStatus> Next);

public sealed record NextStatus(string Status, string Label);

public sealed record CheckRow(string ItemCode, string Item, string Material, string Result, string? Note, string CheckedBy, DateTimeOffset CheckedAt);

public sealed record IssueRow(
    long Id,
    string? ItemCode,
    string Title,
    string LeadDepartment,
    string Status,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    string? Resolution,
    DateTimeOffset? ResolvedAt);

public sealed record MeetingRow(
    long Id,
    long? IssueId,
    string Topic,
    DateTimeOffset StartsAt,
    string Place,
    IReadOnlyList<string> Participants,
    string Agenda,
    string Status,
    string? Minutes);

/// <summary>An evaluation: its id and author only in the list of all of them.</summary>
public sealed record EvaluationRow(long? Id, int? Score, string? Comment, DateTimeOffset? At, string? By = null);

/// <summary>A line of the service ledger as the timeline shows it.</summary>
public sealed record LedgerLine(
    long Id,
    DateTimeOffset At,
    string ActorId,
    string Actor,
    string ActorRole,
    string Action,
    string ActionLabel,
    string? ItemCode,
    string? Item,
    string Summary);

/// <summary>GET /api/admin/staff.</summary>
public sealed record StaffList(IEnumerable<StaffRow> Staff);

public sealed record StaffRow(string UserId, string Name, string Role, string Phone, IReadOnlyList<string> Parks, bool OnDuty, int OpenCases);

/// <summary>GET /api/admin/missed: 未解决问题 of the last days, grouped by text.</summary>
public sealed record MissedList(int Days, int Total, IReadOnlyDictionary<string, int> ByOutcome, IEnumerable<MissedRow> Questions);

public sealed record MissedRow(string Text, string Outcome, int Count, DateTimeOffset LastAt, string Role);

/// <summary>GET /api/admin/outbox/summary: messages by status.</summary>
public sealed record OutboxCounts(IReadOnlyDictionary<string, int> Counts);

/// <summary>GET /api/admin/outbox.</summary>
public sealed record OutboxList(IEnumerable<OutboxRow> Messages);

public sealed record OutboxRow(
    long Id,
    string Recipient,
    string Type,
    string Status,
    int Attempts,
    bool Urgent,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? ExternalId,
    string? LastError,
    JsonElement Content);
