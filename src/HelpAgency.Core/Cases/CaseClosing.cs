using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Cases;

/// <summary>
/// 项目归档: the contact's evaluation and complaints, the request for it, the archive of a finished case, and the early end of
/// the service (终止帮办), also by a supervisor when the contacts never answered the request (未评价终止).
/// </summary>
public sealed class CaseClosing(CaseGuard guard, CasePushes pushes, CaseReader reader, ApprovalCatalog catalog, WorkingDayCalendar calendar, IOptions<CaseOptions> options)
{
    /// <summary>An evaluation at or below this score alerts the supervisors like a complaint.</summary>
    public const int LowScore = 2;

    /// <summary>The ledger action of a request for the evaluation: by staff, or by the push telling the contacts every item is done.</summary>
    public const string EvaluationRequested = "evaluation_requested";

    /// <summary>
    /// The contact's evaluation (服务评价表): a score of 1 to 5 and a comment. Each is kept as given, a second one beside the
    /// first, and the case shows the latest; a score of 1 or 2 tells the supervisors at once, as a complaint does.
    /// </summary>
    public async Task<ServiceCase> EvaluateAsync(OperationContext context, long caseId, int score, string? comment, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        if (context.Actor.Role != UserRole.Contact || !await context.Work.Projects.IsCurrentContactAsync(serviceCase.ProjectId, context.Actor.Id, cancellationToken))
        {
            throw guard.Refuse(CaseError.Forbidden, "case.evaluate_contact_only");
        }

        if (score is < 1 or > 5)
        {
            throw guard.Invalid("case.score_range");
        }

        var text = guard.Optional(comment, "case.field.comment", 1000);
        var evaluated = serviceCase with { EvaluationScore = score, EvaluationComment = text, EvaluatedAt = context.Now };
        await context.Work.Cases.UpdateAsync(evaluated, cancellationToken);
        var evaluation = await context.Work.Cases.AddEvaluationAsync(new CaseEvaluation(0, caseId, context.Actor.Id, score, text, context.Now), cancellationToken);
        var number = (await context.Work.Cases.EvaluationsAsync(caseId, cancellationToken)).Count;
        var entry = await CaseGuard.LogAsync(context, "evaluated", caseId, serviceCase.ProjectId, null, new { evaluation, number, score, comment = text }, cancellationToken);
        if (score <= LowScore)
        {
            var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
            await pushes.ToSupervisorsAsync(context, $"case:{caseId}:low_score:{entry}", pushes.Render("push.low_score", ReplyTemplates.Values(
                ("reference", serviceCase.ReferenceNo), ("project", project.Name), ("score", score.ToString(CultureInfo.InvariantCulture)),
                ("comment", text ?? guard.Text("case.none")), ("user", context.Actor.Id))), cancellationToken, urgent: true);
        }

        return evaluated;
    }

    /// <summary>
    /// 投诉: recorded in the ledger against the actor's latest case (if any) and told at once to every supervisor, quiet
    /// hours or not. Returns the complaint's reference (TS2026-000123), which the user can quote.
    /// </summary>
    public async Task<string> ComplainAsync(OperationContext context, string text, CancellationToken cancellationToken)
    {
        var serviceCase = (await reader.VisibleCasesAsync(context, openOnly: false, cancellationToken)).FirstOrDefault();
        var id = await CaseGuard.LogAsync(context, "complaint", serviceCase?.Id, serviceCase?.ProjectId, null, new { text }, cancellationToken);
        var reference = FormatComplaintReference(id, context.Now);
        await pushes.ToSupervisorsAsync(context, $"complaint:{id}", pushes.Render("push.complaint", ReplyTemplates.Values(
            ("reference", reference), ("user", context.Actor.Id), ("text", text),
            ("case", serviceCase is null ? "" : guard.Text("case.complaint_case", ("reference", serviceCase.ReferenceNo))))), cancellationToken, urgent: true);
        return reference;
    }

    /// <summary>The number a complaint is quoted by (TS2026-000123): its ledger entry's id and year.</summary>
    public static string FormatComplaintReference(long ledgerId, DateTimeOffset at) => $"TS{ChinaTime.Of(at).Year}-{ledgerId:D6}";

    /// <summary>Archives a case whose items are all done and which is evaluated, keeping per approved item its certificate and checked materials.</summary>
    public async Task<ServiceCase> ArchiveAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var items = await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var open = items.Where(i => i.Status.IsOpen()).ToList();
        if (open.Count > 0)
        {
            throw guard.Refuse(CaseError.Conflict, open.Count > 3 ? "case.archive_open_items_more" : "case.archive_open_items",
                ("count", open.Count.ToString(CultureInfo.InvariantCulture)), ("items", guard.List(open.Take(3).Select(i => guard.ItemName(i.ItemCode)))));
        }

        if (!serviceCase.IsEvaluated)
        {
            throw guard.Refuse(CaseError.Conflict, "case.archive_not_evaluated");
        }

        // The archive keeps, per approved item, its certificate and the materials as last pre-checked (归档资料清单).
        var checks = (await context.Work.Cases.ChecksAsync(caseId, cancellationToken)).ToLookup(c => c.ItemCode);
        var certificates = items.Where(i => i.Status == ItemStatus.Approved)
            .Select(i => new
            {
                item = i.ItemCode,
                name = guard.ItemName(i.ItemCode),
                certificate = i.CertificateNo,
                materials = (catalog.FindItem(i.ItemCode)?.Materials ?? [])
                    .Select(m => new { name = m.Name, required = m.Required, check = checks[i.ItemCode].FirstOrDefault(c => c.Material == m.Name)?.Result.ToString().ToLowerInvariant() })
                    .ToList(),
            })
            .ToList();
        var archived = serviceCase with { Status = CaseStatus.Archived, ClosedAt = context.Now, Certificates = JsonSerializer.Serialize(certificates, LedgerJson.Options) };
        await context.Work.Cases.UpdateAsync(archived, cancellationToken);
        await CaseGuard.LogAsync(context, "case_archived", caseId, serviceCase.ProjectId, null, new { certificates }, cancellationToken);
        return archived;
    }

    /// <summary>Ends the service early (终止帮办), by the unit or by staff; the evaluation must be in first.</summary>
    public async Task<ServiceCase> TerminateAsync(OperationContext context, long caseId, string reason, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        await guard.AuthorizeAsync(context, serviceCase, cancellationToken);
        var why = guard.Required(reason, "case.field.termination_reason", 500);
        if (!serviceCase.IsEvaluated)
        {
            throw guard.Refuse(CaseError.Conflict, "case.terminate_not_evaluated");
        }

        var (terminated, entry) = await CloseTerminatedAsync(context, serviceCase, why, new { reason = why }, cancellationToken);
        if (terminated.AssistantId is { } assistant && assistant != context.Actor.Id)
        {
            await pushes.ToUserAsync(context, $"case:{caseId}:terminated:{entry}", assistant, pushes.Render("push.terminated", ReplyTemplates.Values(
                ("reference", terminated.ReferenceNo), ("reason", why), ("score", terminated.EvaluationScore?.ToString(CultureInfo.InvariantCulture) ?? "-"))), cancellationToken);
        }

        return terminated;
    }

    /// <summary>
    /// 请企业评价: staff ask the project's contacts for the evaluation. The first request the current contacts were sent starts
    /// the wait after which a supervisor may end the case without one; the wait is returned.
    /// </summary>
    public async Task<EvaluationWait> RequestEvaluationAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        if (serviceCase.IsEvaluated)
        {
            throw guard.Refuse(CaseError.Conflict, "case.evaluation_given");
        }

        var wait = await EvaluationWaitAsync(context, serviceCase, cancellationToken) ?? Wait(ChinaTime.Today(context.Now));
        var entry = await CaseGuard.LogAsync(context, EvaluationRequested, caseId, serviceCase.ProjectId, null, new { trigger = "staff", terminable_from = wait.TerminableFrom }, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        await pushes.ToContactsAsync(context, $"case:{caseId}:evaluation_requested:{entry}", serviceCase.ProjectId, pushes.Render("push.evaluation_requested", ReplyTemplates.Values(
            ("project", project.Name), ("reference", serviceCase.ReferenceNo), ("date", pushes.Day(wait.TerminableFrom)))), cancellationToken);
        return wait;
    }

    /// <summary>
    /// Whether a supervisor may end the case without its evaluation now (<see cref="TerminateUnansweredAsync"/>): the wait
    /// that is over, or the refusal saying why not and from which day. Changes nothing.
    /// </summary>
    public async Task<EvaluationWait> CheckUnansweredAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        guard.RequireSupervisor(context, "case.unanswered_supervisor_only");
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        return await RequireUnansweredAsync(context, serviceCase, cancellationToken);
    }

    /// <summary>
    /// 未评价终止: a supervisor ends a case, with a reason, whose contacts were asked for the evaluation at least
    /// <see cref="CaseOptions.UnansweredEvaluationWorkingDays"/> working days ago and gave none. The case is terminated as by
    /// <see cref="TerminateAsync"/>; the ledger says it was without an evaluation and since when it was asked for; the
    /// assistant and the contacts are told.
    /// </summary>
    public async Task<ServiceCase> TerminateUnansweredAsync(OperationContext context, long caseId, string reason, CancellationToken cancellationToken)
    {
        guard.RequireSupervisor(context, "case.unanswered_supervisor_only");
        var serviceCase = await guard.RequireOpenCaseAsync(context, caseId, cancellationToken);
        var why = guard.Required(reason, "case.field.termination_reason", 500);
        var wait = await RequireUnansweredAsync(context, serviceCase, cancellationToken);
        var (terminated, entry) = await CloseTerminatedAsync(context, serviceCase, why,
            new { reason = why, unanswered = true, evaluation_requested = wait.RequestedOn, working_days = wait.WorkingDays }, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var values = ReplyTemplates.Values(("reference", terminated.ReferenceNo), ("project", project.Name), ("reason", why),
            ("asked", pushes.Day(wait.RequestedOn)), ("by", context.Actor.DisplayName));
        if (terminated.AssistantId is { } assistant && assistant != context.Actor.Id)
        {
            await pushes.ToUserAsync(context, $"case:{caseId}:terminated:{entry}", assistant, pushes.Render("push.terminated_unanswered", values), cancellationToken);
        }

        await pushes.ToContactsAsync(context, $"case:{caseId}:terminated:{entry}", serviceCase.ProjectId, pushes.Render("push.terminated_unanswered_contact", values), cancellationToken);
        return terminated;
    }

    /// <summary>The case closed as terminated for <paramref name="why"/>, and its ledger entry's id.</summary>
    private static async Task<(ServiceCase Case, long Entry)> CloseTerminatedAsync(OperationContext context, ServiceCase serviceCase, string why, object details, CancellationToken cancellationToken)
    {
        var terminated = serviceCase with { Status = CaseStatus.Terminated, ClosedAt = context.Now, TerminationReason = why };
        await context.Work.Cases.UpdateAsync(terminated, cancellationToken);
        return (terminated, await CaseGuard.LogAsync(context, "case_terminated", serviceCase.Id, serviceCase.ProjectId, null, details, cancellationToken));
    }

    private async Task<EvaluationWait> RequireUnansweredAsync(OperationContext context, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        if (serviceCase.IsEvaluated)
        {
            throw guard.Refuse(CaseError.Conflict, "case.unanswered_evaluated");
        }

        var days = options.Value.UnansweredEvaluationWorkingDays.ToString(CultureInfo.InvariantCulture);
        var wait = await EvaluationWaitAsync(context, serviceCase, cancellationToken) ?? throw guard.Refuse(CaseError.Conflict, "case.unanswered_not_requested", ("days", days));
        return wait.IsOver(context.Now) ? wait : throw guard.Refuse(CaseError.Conflict, "case.unanswered_too_early",
            ("asked", pushes.Day(wait.RequestedOn)), ("days", days), ("date", pushes.Day(wait.TerminableFrom)));
    }

    /// <summary>
    /// The wait for the evaluation, from the first request made since the latest of the current contacts joined (one who came
    /// later was never asked); null when there is none.
    /// </summary>
    private async Task<EvaluationWait?> EvaluationWaitAsync(OperationContext context, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        var contacts = await context.Work.Projects.ContactsAsync(serviceCase.ProjectId, includeHistory: false, cancellationToken);
        var since = contacts.Count == 0 ? DateTimeOffset.MinValue : contacts.Max(c => c.Since);
        var first = (await context.Work.Ledger.OfCaseAsync(serviceCase.Id, cancellationToken))
            .Where(e => e.Action == EvaluationRequested && e.At >= since)
            .MinBy(e => e.Id);
        return first is null ? null : Wait(ChinaTime.Today(first.At));
    }

    private EvaluationWait Wait(DateOnly requestedOn)
    {
        var days = options.Value.UnansweredEvaluationWorkingDays;
        return new EvaluationWait(requestedOn, calendar.AddWorkingDays(requestedOn, days), days);
    }
}
