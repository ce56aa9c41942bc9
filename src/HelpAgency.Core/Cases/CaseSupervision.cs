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
        await pushes.CaseAssignedAsync(context, updated, await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken), entry, cancellationToken);
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
        await pushes.ToUserAsync(context, $"supervise:{entry}", assistantId, pushes.Render("push.supervised", CasePushes.Values(
            ("project", project.Name), ("reference", serviceCase.ReferenceNo), ("by", context.Actor.DisplayName),
            ("note", string.IsNullOrWhiteSpace(note) ? guard.Text("case.supervise_default_note") : note))), cancellationToken, urgent: true);
        return assistant;
    }

    /// <summary>The most complaints a month's report lists.</summary>
    public const int MaxComplaints = 50;

    /// <summary>
    /// The month so far, for a supervisor: how the evaluations scored, and the complaints, each marked answered when a
    /// staff member wrote to its case's ledger after it (a reassignment or a 督办 does not answer it).
    /// </summary>
    public async Task<MonthReport> MonthAsync(OperationContext context, CancellationToken cancellationToken)
    {
        guard.RequireSupervisor(context, "case.report_supervisor_only");
        var now = ChinaTime.Of(context.Now);
        var from = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, ChinaTime.Offset);
        var scores = await context.Work.Cases.ScoreCountsAsync(from, context.Now.AddTicks(1), cancellationToken);
        var complaints = new List<ComplaintState>();
        foreach (var entry in await context.Work.Ledger.OfActionAsync("complaint", from, context.Now.AddTicks(1), MaxComplaints, cancellationToken))
        {
            var answered = entry.CaseId is { } caseId
                && (await context.Work.Ledger.OfCaseAsync(caseId, cancellationToken)).Any(e => e.Id > entry.Id && IsAnswer(e));
            var project = entry.ProjectId is { } projectId ? await context.Work.Projects.FindAsync(projectId, cancellationToken) : null;
            complaints.Add(new ComplaintState(entry, project?.Name, answered));
        }

        await context.Work.Ledger.RecordAccessAsync(context.Actor, null, "month_report", context.Now, cancellationToken);
        return new MonthReport(DateOnly.FromDateTime(from.DateTime), scores, complaints);
    }

    /// <summary>Whether a ledger entry is a staff member acting on the case (not its contact, not a supervisor's reassignment or 督办).</summary>
    public static bool IsAnswer(Ledger.LedgerEntry entry) =>
        entry.ActorRole != UserRole.Contact.ToStorage() && entry.Action is not ("case_supervised" or "case_assigned");
}

/// <summary>A supervisor's month so far: evaluations by score (1–5) and the complaints.</summary>
public sealed record MonthReport(DateOnly Since, IReadOnlyDictionary<int, int> Scores, IReadOnlyList<ComplaintState> Complaints)
{
    public int Rated => Scores.Values.Sum();

    public double? Average => Rated == 0 ? null : Math.Round(Scores.Sum(s => s.Key * (double)s.Value) / Rated, 2);
}

/// <summary>A complaint as its ledger entry records it, its project's name, and whether staff have acted on its case since.</summary>
public sealed record ComplaintState(Ledger.LedgerEntry Entry, string? ProjectName, bool Answered);
