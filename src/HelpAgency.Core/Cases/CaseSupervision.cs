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
}
