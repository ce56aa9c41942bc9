using HelpAgency.Core.Ledger;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>Reading cases: what the actor may see, a staff read written to the access log.</summary>
public sealed class CaseReader(CaseGuard guard)
{
    /// <summary>One case in full, if the actor may see it; a staff read is written to the access log.</summary>
    public async Task<CaseDetails> GetAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var (serviceCase, project) = await ReadableAsync(context, caseId, cancellationToken);
        var work = context.Work;
        return new CaseDetails(
            serviceCase,
            project,
            await work.Projects.ContactsAsync(project.Id, includeHistory: true, cancellationToken),
            await work.Cases.ItemsAsync(caseId, cancellationToken),
            await work.Cases.ChecksAsync(caseId, cancellationToken),
            await work.Coordination.IssuesAsync(caseId, cancellationToken),
            await work.Coordination.MeetingsAsync(caseId, cancellationToken),
            await work.Cases.EvaluationsAsync(caseId, cancellationToken));
    }

    /// <summary>
    /// What a progress answer needs of a case, if the actor may see it: the case, its project, its items, its issues and
    /// its assistant, not the rest of <see cref="GetAsync"/>'s whole case; a staff read is written to the access log as a
    /// read of the case.
    /// </summary>
    public async Task<CaseProgressDetails> ProgressAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var (serviceCase, project) = await ReadableAsync(context, caseId, cancellationToken);
        var reads = await context.Work.Cases.ProgressAsync(caseId, serviceCase.AssistantId, cancellationToken);
        return new CaseProgressDetails(serviceCase, project, reads.Items, reads.Issues, reads.Assistant);
    }

    /// <summary>The case and its project, once the actor is allowed to see them; a staff read goes to the access log.</summary>
    private async Task<(ServiceCase Case, Project Project)> ReadableAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireCaseAsync(context, caseId, forUpdate: false, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        await guard.AuthorizeAsync(context, serviceCase, cancellationToken);
        await CaseGuard.RecordStaffReadAsync(context, caseId, "case", cancellationToken);
        return (serviceCase, project);
    }

    /// <summary>The cases the actor may see: a contact's projects, an assistant's assignments, or all for a supervisor.</summary>
    public async Task<IReadOnlyList<ServiceCase>> VisibleCasesAsync(OperationContext context, bool openOnly, CancellationToken cancellationToken)
    {
        var cases = context.Actor.Role switch
        {
            UserRole.Contact => await context.Work.Cases.OfContactAsync(context.Actor.Id, cancellationToken),
            UserRole.Assistant => await context.Work.Cases.OfAssistantAsync(context.Actor.Id, openOnly, cancellationToken),
            _ => await context.Work.Cases.ListAsync(openOnly, long.MaxValue, 200, cancellationToken),
        };
        await CaseGuard.RecordStaffReadAsync(context, null, "case_list", cancellationToken);
        return openOnly ? cases.Where(c => !c.Status.IsClosed()).ToList() : cases;
    }

    /// <summary>A case's service record (服务记录台账), for the staff who may see the case.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireCaseAsync(context, caseId, forUpdate: false, cancellationToken);
        if (!context.Actor.Role.IsStaff())
        {
            throw guard.Refuse(CaseError.Forbidden, "case.ledger_staff_only");
        }

        await guard.AuthorizeAsync(context, serviceCase, cancellationToken);
        await CaseGuard.RecordStaffReadAsync(context, caseId, "ledger", cancellationToken);
        return await context.Work.Ledger.OfCaseAsync(caseId, cancellationToken);
    }
}
