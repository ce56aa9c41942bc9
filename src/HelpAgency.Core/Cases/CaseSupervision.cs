using HelpAgency.Core.Content;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>What supervisors do to a case: hand it to another assistant (改派) and urge its assistant (督办).</summary>
public sealed class CaseSupervision(CaseGuard guard, CasePushes pushes)
{
    /// <summary>A supervisor hands the case to another assistant.</summary>
    public async Task<ServiceCase> ReassignAsync(OperationContext context, long caseId, string assistantId, CancellationToken cancellationToken)
    {
        guard.RequireSupervisor(context, "case.reassign_supervisor_only");
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        var member = await context.Work.Staff.FindAsync(assistantId, cancellationToken);
        if (member is not { Role: UserRole.Assistant })
        {
            throw guard.Invalid("case.assistant_unknown", ("assistant", assistantId));
        }

        if (serviceCase.AssistantId == assistantId)
        {
            return serviceCase;
        }

        var updated = serviceCase with { AssistantId = assistantId };
        await context.Work.Cases.UpdateAsync(updated, cancellationToken);
        var entry = await CaseGuard.LogAsync(context, "case_assigned", caseId, serviceCase.ProjectId, null, new { assistant = assistantId, previous = serviceCase.AssistantId, by = "supervisor" }, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var contacts = await context.Work.Projects.ContactsAsync(project.Id, includeHistory: false, cancellationToken);
        await pushes.CaseAssignedAsync(context, updated, project, contacts, entry, cancellationToken);
        return updated;
    }

    /// <summary>督办: a supervisor urges the case's assistant; the push is urgent (quiet hours or not), the ledger keeps it.</summary>
    public async Task<StaffMember> SuperviseAsync(OperationContext context, long caseId, string? note, CancellationToken cancellationToken)
    {
        guard.RequireSupervisor(context, "case.supervise_supervisor_only");
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        if (serviceCase.AssistantId is not { } assistantId || await context.Work.Staff.FindAsync(assistantId, cancellationToken) is not { } assistant)
        {
            throw guard.Invalid("case.supervise_no_assistant");
        }

        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var entry = await CaseGuard.LogAsync(context, "case_supervised", caseId, serviceCase.ProjectId, null, new { assistant = assistantId, note }, cancellationToken);
        await pushes.ToUserAsync(context, $"supervise:{entry}", assistantId, pushes.Render("push.supervised", ReplyTemplates.Values(
            ("project", project.Name), ("reference", serviceCase.ReferenceNo), ("by", context.Actor.DisplayName),
            ("note", string.IsNullOrWhiteSpace(note) ? guard.Text("case.supervise_default_note") : note))), cancellationToken, urgent: true);
        return assistant;
    }

    /// <summary>The most complaints a month's report lists.</summary>
    public const int MaxComplaints = 50;

    /// <summary>本月满意度: this month's evaluations by score, for a supervisor.</summary>
    public async Task<MonthScores> MonthScoresAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var since = MonthStart(context);
        var scores = await context.Work.Cases.ScoreCountsAsync(since, context.Now.AddTicks(1), cancellationToken);
        await context.Work.Ledger.RecordAccessAsync(context.Actor, null, "month_scores", context.Now, cancellationToken);
        return new MonthScores(DateOnly.FromDateTime(since.DateTime), scores);
    }

    /// <summary>
    /// 投诉列表: this month's complaints, for a supervisor, each marked answered when a staff member wrote to its case's
    /// ledger after it (a reassignment or a 督办 does not answer it).
    /// </summary>
    public async Task<MonthComplaints> MonthComplaintsAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var since = MonthStart(context);
        var ledgers = new Dictionary<long, IReadOnlyList<Ledger.LedgerEntry>>();
        var complaints = new List<ComplaintState>();
        foreach (var entry in await context.Work.Ledger.OfActionAsync("complaint", since, context.Now.AddTicks(1), MaxComplaints, cancellationToken))
        {
            var answered = false;
            if (entry.CaseId is { } caseId)
            {
                // Several complaints about one case read its ledger once.
                if (!ledgers.TryGetValue(caseId, out var ledger))
                {
                    ledgers[caseId] = ledger = await context.Work.Ledger.OfCaseAsync(caseId, cancellationToken);
                }

                answered = ledger.Any(e => e.Id > entry.Id && IsAnswer(e));
            }

            var project = entry.ProjectId is { } projectId ? await context.Work.Projects.FindAsync(projectId, cancellationToken) : null;
            complaints.Add(new ComplaintState(entry, project?.Name, answered));
        }

        await context.Work.Ledger.RecordAccessAsync(context.Actor, null, "month_complaints", context.Now, cancellationToken);
        return new MonthComplaints(DateOnly.FromDateTime(since.DateTime), complaints);
    }

    /// <summary>The first of this month in China time, once the actor is known to be a supervisor.</summary>
    private DateTimeOffset MonthStart(OperationContext context)
    {
        guard.RequireSupervisor(context, "case.report_supervisor_only");
        var now = ChinaTime.Of(context.Now);
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, ChinaTime.Offset);
    }

    /// <summary>
    /// Whether a ledger entry is a staff member acting on the case (not its contact, not the host's own re-dating, not a
    /// supervisor's reassignment or 督办).
    /// </summary>
    public static bool IsAnswer(Ledger.LedgerEntry entry) =>
        entry.ActorRole != UserRole.Contact.ToStorage() && entry.ActorRole != UserRole.System.ToStorage()
            && entry.Action is not ("case_supervised" or "case_assigned");
}

/// <summary>This month's evaluations by score (1–5), counted from <see cref="Since"/>.</summary>
public sealed record MonthScores(DateOnly Since, IReadOnlyDictionary<int, int> Scores)
{
    public int Rated => Scores.Values.Sum();

    public double? Average => Rated == 0 ? null : Math.Round(Scores.Sum(s => s.Key * (double)s.Value) / Rated, 2);
}

/// <summary>This month's complaints, from <see cref="Since"/>, oldest first.</summary>
public sealed record MonthComplaints(DateOnly Since, IReadOnlyList<ComplaintState> Complaints);

/// <summary>A complaint as its ledger entry records it, its project's name, and whether staff have acted on its case since.</summary>
public sealed record ComplaintState(Ledger.LedgerEntry Entry, string? ProjectName, bool Answered);
