using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>项目归档: the contact's evaluation and complaints, the archive of a finished case, and the early end of the service (终止帮办).</summary>
public sealed class CaseClosing(CaseGuard guard, CasePushes pushes, CaseReader reader, ApprovalCatalog catalog)
{
    /// <summary>An evaluation at or below this score alerts the supervisors like a complaint.</summary>
    public const int LowScore = 2;

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

        var terminated = serviceCase with { Status = CaseStatus.Terminated, ClosedAt = context.Now, TerminationReason = why };
        await context.Work.Cases.UpdateAsync(terminated, cancellationToken);
        var entry = await CaseGuard.LogAsync(context, "case_terminated", caseId, serviceCase.ProjectId, null, new { reason = why }, cancellationToken);
        if (terminated.AssistantId is { } assistant && assistant != context.Actor.Id)
        {
            await pushes.ToUserAsync(context, $"case:{caseId}:terminated:{entry}", assistant, pushes.Render("push.terminated", ReplyTemplates.Values(
                ("reference", terminated.ReferenceNo), ("reason", why), ("score", terminated.EvaluationScore?.ToString(CultureInfo.InvariantCulture) ?? "-"))), cancellationToken);
        }

        return terminated;
    }
}
