using HelpAgency.Core.Staff;

namespace HelpAgency.Core.Cases;

/// <summary>Cases, their items and the material pre-checks.</summary>
public interface ICaseRepository
{
    /// <summary>Stores a new case (its <see cref="ServiceCase.Id"/> is ignored) and returns its id.</summary>
    Task<long> AddAsync(ServiceCase serviceCase, CancellationToken cancellationToken);

    /// <summary>Reads a case; <paramref name="forUpdate"/> locks its row until the unit of work ends (PostgreSQL).</summary>
    Task<ServiceCase?> FindAsync(long id, bool forUpdate, CancellationToken cancellationToken);

    Task UpdateAsync(ServiceCase serviceCase, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceCase>> OfProjectAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>The cases of the projects a user is a current contact of, newest first.</summary>
    Task<IReadOnlyList<ServiceCase>> OfContactAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The cases assigned to an assistant, newest first.</summary>
    Task<IReadOnlyList<ServiceCase>> OfAssistantAsync(string assistantId, bool openOnly, CancellationToken cancellationToken);

    /// <summary>Every case, newest first, a page at a time.</summary>
    Task<IReadOnlyList<ServiceCase>> ListAsync(bool openOnly, long beforeId, int limit, CancellationToken cancellationToken);

    /// <summary>How many open cases each of the given assistants has (absent means none).</summary>
    Task<IReadOnlyDictionary<string, int>> OpenCaseCountsAsync(IReadOnlyCollection<string> assistantIds, CancellationToken cancellationToken);

    Task AddItemsAsync(IEnumerable<CaseItem> items, CancellationToken cancellationToken);

    Task<IReadOnlyList<CaseItem>> ItemsAsync(long caseId, CancellationToken cancellationToken);

    /// <summary>
    /// What a progress answer reads of a case besides the case and its project: its items (<see cref="ItemsAsync"/>), its
    /// coordination issues and its assistant (null for none, or one not on the staff), read together.
    /// </summary>
    Task<CaseProgressReads> ProgressAsync(long caseId, string? assistantId, CancellationToken cancellationToken);

    Task UpdateItemAsync(CaseItem item, CancellationToken cancellationToken);

    Task UpsertCheckAsync(MaterialCheck check, CancellationToken cancellationToken);

    /// <summary>The late items of open cases (<see cref="CaseItem.IsOverdueOn"/> on <paramref name="today"/>), oldest due first.</summary>
    /// <remarks>Pass the last item of a page as <paramref name="after"/> for the next one.</remarks>
    Task<IReadOnlyList<OverdueItem>> OverdueItemsAsync(DateOnly today, int limit, CancellationToken cancellationToken, OverdueItem? after = null);

    Task<IReadOnlyList<MaterialCheck>> ChecksAsync(long caseId, CancellationToken cancellationToken);

    /// <summary>Stores one more evaluation of a case (its <see cref="CaseEvaluation.Id"/> is ignored) and returns its id.</summary>
    Task<long> AddEvaluationAsync(CaseEvaluation evaluation, CancellationToken cancellationToken);

    /// <summary>A case's evaluations, oldest first.</summary>
    Task<IReadOnlyList<CaseEvaluation>> EvaluationsAsync(long caseId, CancellationToken cancellationToken);

    /// <summary>How many evaluations gave each score (1–5) from <paramref name="from"/> until before <paramref name="to"/>.</summary>
    Task<IReadOnlyDictionary<int, int>> ScoreCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>Visits, coordination issues, meetings and their follow-up actions.</summary>
public interface ICoordinationRepository
{
    Task<long> AddVisitAsync(Visit visit, CancellationToken cancellationToken);

    Task<IReadOnlyList<Visit>> VisitsOfAsync(string userId, CancellationToken cancellationToken);

    Task<long> AddIssueAsync(CoordinationIssue issue, CancellationToken cancellationToken);

    Task<CoordinationIssue?> FindIssueAsync(long id, CancellationToken cancellationToken);

    Task UpdateIssueAsync(CoordinationIssue issue, CancellationToken cancellationToken);

    Task<IReadOnlyList<CoordinationIssue>> IssuesAsync(long caseId, CancellationToken cancellationToken);

    Task<long> AddMeetingAsync(Meeting meeting, CancellationToken cancellationToken);

    Task<Meeting?> FindMeetingAsync(long id, CancellationToken cancellationToken);

    Task UpdateMeetingAsync(Meeting meeting, CancellationToken cancellationToken);

    Task<IReadOnlyList<Meeting>> MeetingsAsync(long caseId, CancellationToken cancellationToken);

    Task<long> AddActionAsync(FollowUpAction action, CancellationToken cancellationToken);

    Task<IReadOnlyList<FollowUpAction>> ActionsAsync(long meetingId, CancellationToken cancellationToken);

    Task<FollowUpAction?> FindActionAsync(long id, CancellationToken cancellationToken);

    /// <summary>Marks an action done; false when it was done already.</summary>
    Task<bool> CompleteActionAsync(long id, DateTimeOffset doneAt, CancellationToken cancellationToken);

    /// <summary>The actions an owner has not done yet, soonest due first.</summary>
    Task<IReadOnlyList<FollowUpAction>> OpenActionsOfAsync(string ownerId, int limit, CancellationToken cancellationToken);

    /// <summary>Follow-up actions not done whose due date is on or before <paramref name="today"/>.</summary>
    /// <remarks>Pass the last action of a page as <paramref name="after"/> for the next one.</remarks>
    Task<IReadOnlyList<FollowUpAction>> DueActionsAsync(DateOnly today, int limit, CancellationToken cancellationToken, FollowUpAction? after = null);

    /// <summary>Scheduled meetings starting in [from, to).</summary>
    Task<IReadOnlyList<Meeting>> MeetingsStartingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>A case's items in the plan's order, its coordination issues oldest first, and its assistant.</summary>
public sealed record CaseProgressReads(IReadOnlyList<CaseItem> Items, IReadOnlyList<CoordinationIssue> Issues, StaffMember? Assistant);

/// <summary>An item past its planned date, with who to remind.</summary>
public sealed record OverdueItem(long CaseId, long ProjectId, string? AssistantId, string ItemCode, ItemStatus Status, DateOnly PlannedDue);
