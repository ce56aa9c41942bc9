using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>
/// 实施帮办代办: the items' progress (including 不适用 and the re-dating of a late plan), the material pre-checks, the
/// contact's own check and the free-text service records.
/// </summary>
public sealed class CaseProgress(CaseGuard guard, CasePushes pushes, CaseReader reader, ApprovalCatalog catalog, CasePlanCalculator planner)
{
    public async Task<ItemChange> UpdateItemAsync(OperationContext context, long caseId, string itemCode, ItemStatus to, string? certificateNo, string? note, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var items = await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var item = RequireItem(items, itemCode);
        if (item.Status == to)
        {
            throw guard.Refuse(CaseError.Conflict, "case.item_same_status", ("item", guard.ItemName(itemCode)), ("status", guard.Label(to)));
        }

        if (!ItemStatusRules.CanMove(item.Status, to))
        {
            var next = guard.List(ItemStatusRules.NextOf(item.Status).Select(guard.Label));
            throw new CaseOperationException(CaseError.Conflict,
                guard.Text("case.item_cannot_move", ("item", guard.ItemName(itemCode)), ("from", guard.Label(item.Status)), ("to", guard.Label(to)))
                + (next.Length > 0 ? guard.Text("case.item_can_move_to", ("next", next)) : ""));
        }

        var certificate = certificateNo?.Trim();
        if (to == ItemStatus.Approved && string.IsNullOrEmpty(certificate))
        {
            throw guard.Invalid("case.certificate_required");
        }

        var trimmedNote = guard.Optional(note, "case.field.note", CaseGuard.MaxTextLength);
        var updated = item with
        {
            Status = to,
            UpdatedAt = context.Now,
            SubmittedAt = to == ItemStatus.Submitted ? context.Now : item.SubmittedAt,
            AcceptedAt = to == ItemStatus.Accepted ? context.Now : item.AcceptedAt,
            CompletedAt = to is ItemStatus.Approved or ItemStatus.Rejected ? context.Now : null,
            CertificateNo = to == ItemStatus.Approved ? certificate : item.CertificateNo,
            Note = trimmedNote ?? item.Note,
        };
        await context.Work.Cases.UpdateItemAsync(updated, cancellationToken);

        // Done later than planned: what has not started moves on by the delay, so no plan or push shows a date gone by.
        var redated = to == ItemStatus.Approved ? planner.Redate(items, item, ChinaTime.Today(context.Now))?.Moved ?? [] : [];
        foreach (var moved in redated)
        {
            await context.Work.Cases.UpdateItemAsync(moved, cancellationToken);
        }

        if (serviceCase.Status == CaseStatus.Accepted)
        {
            serviceCase = serviceCase with { Status = CaseStatus.InProgress };
            await context.Work.Cases.UpdateAsync(serviceCase, cancellationToken);
        }

        var entry = await CaseGuard.LogAsync(context, "item_status", caseId, serviceCase.ProjectId, itemCode,
            new { from = item.Status.ToStored(), to = to.ToStored(), certificate = updated.CertificateNo, note = trimmedNote, redated = redated.Count }, cancellationToken);

        var stage = guard.StageOf(itemCode);
        var after = items.Select(i => i.ItemCode == itemCode ? updated : redated.FirstOrDefault(m => m.ItemCode == i.ItemCode) ?? i).ToList();
        var stageDone = stage is not null
            && item.Status.IsOpen() && !to.IsOpen()
            && after.Where(i => guard.StageOf(i.ItemCode) == stage).All(i => !i.Status.IsOpen());
        var change = new ItemChange(serviceCase, item, updated, stageDone ? stage : null);
        await pushes.ItemChangedAsync(context, change, after, trimmedNote, entry, cancellationToken);
        if (item.Status.IsOpen() && !to.IsOpen() && after.All(i => !i.Status.IsOpen()) && !serviceCase.IsEvaluated)
        {
            // The push just queued tells the contacts every item is done and asks for the evaluation: the ledger keeps the request.
            await CaseGuard.LogAsync(context, CaseClosing.EvaluationRequested, caseId, serviceCase.ProjectId, null, new { trigger = "all_items_done" }, cancellationToken);
        }

        return change;
    }

    /// <summary>
    /// Passes the wait of the case's items running late on to its plan (<see cref="CasePlanCalculator.RedateLate"/>): the
    /// not-started items after the late one move, and the move is written to the ledger in this transaction. The
    /// follow-up scheduler's work, as <see cref="SystemActor.Scheduler"/>; the case's row is held first, so a second host
    /// re-dating the same case at once reads the moved plan and moves nothing. The case's assistant is told, once a day at
    /// most. Null on a closed case or a plan up to date.
    /// </summary>
    public async Task<PlanShift?> RedateLateAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        if (context.Actor.Role != UserRole.System)
        {
            throw guard.Refuse(CaseError.Forbidden, "case.redate_system_only");
        }

        var serviceCase = await guard.RequireCaseAsync(context, caseId, forUpdate: true, cancellationToken);
        var items = serviceCase.Status.IsClosed() ? [] : await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var shift = planner.RedateLate(items, ChinaTime.Today(context.Now));
        if (shift is null)
        {
            return null;
        }

        foreach (var moved in shift.Moved)
        {
            await context.Work.Cases.UpdateItemAsync(moved, cancellationToken);
        }

        await CaseGuard.LogAsync(context, "plan_redated", caseId, serviceCase.ProjectId, shift.LateItemCode,
            new { days = shift.Days, moved = shift.Moved.Select(m => new { item = m.ItemCode, start = m.PlannedStart, due = m.PlannedDue }) }, cancellationToken);
        await pushes.PlanRedatedAsync(context, serviceCase, items.Single(i => i.ItemCode == shift.LateItemCode), shift, cancellationToken);
        return shift;
    }

    /// <summary>Records the pre-check (预审) of an item's materials; a complete set moves the item to pre-checked.</summary>
    public async Task<PrecheckResult> PrecheckAsync(OperationContext context, long caseId, string itemCode, IReadOnlyList<MaterialFinding> findings, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var item = RequireItem(await context.Work.Cases.ItemsAsync(caseId, cancellationToken), itemCode);
        var materials = catalog.FindItem(itemCode)?.Materials ?? [];
        if (findings.Count == 0)
        {
            throw guard.Invalid("case.precheck_empty");
        }

        foreach (var finding in findings)
        {
            if (!materials.Any(m => m.Name == finding.Material))
            {
                throw guard.Invalid("case.precheck_not_material", ("material", finding.Material), ("item", guard.ItemName(itemCode)));
            }

            if (finding.Result != MaterialResult.Provided && string.IsNullOrWhiteSpace(finding.Note))
            {
                throw guard.Invalid("case.precheck_reason_required", ("material", finding.Material));
            }
        }

        foreach (var finding in findings)
        {
            await context.Work.Cases.UpsertCheckAsync(
                new MaterialCheck(caseId, itemCode, finding.Material, finding.Result, guard.Optional(finding.Note, "case.field.finding_note", 500), context.Actor.Id, context.Now),
                cancellationToken);
        }

        var checks = (await context.Work.Cases.ChecksAsync(caseId, cancellationToken)).Where(c => c.ItemCode == itemCode).ToList();
        var missing = materials
            .Where(m => m.Required && !checks.Any(c => c.Material == m.Name && c.Result == MaterialResult.Provided))
            .Select(m => m.Name)
            .ToList();
        var complete = missing.Count == 0;
        var entry = await CaseGuard.LogAsync(context, "material_precheck", caseId, serviceCase.ProjectId, itemCode,
            new { findings = findings.Select(f => new { material = f.Material, result = f.Result.ToStored(), note = f.Note }), complete, missing }, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var missingList = guard.List(missing);
        var values = ReplyTemplates.Values(("project", project.Name), ("reference", serviceCase.ReferenceNo), ("item", guard.ItemName(itemCode)),
            ("missing", missingList), ("result", complete ? guard.Text("case.precheck_complete") : guard.Text("case.precheck_missing", ("missing", missingList))));
        if (!complete)
        {
            // A complete set is news through the item's move to pre-checked; a gap is news of its own.
            await pushes.ToContactsAsync(context, $"precheck:{caseId}:{itemCode}:{entry}", serviceCase.ProjectId, pushes.Render("push.precheck_missing", values), cancellationToken);
        }

        if (serviceCase.AssistantId is { } assistant && assistant != context.Actor.Id)
        {
            await pushes.ToUserAsync(context, $"precheck:{caseId}:{itemCode}:{entry}:{assistant}", assistant, pushes.Render("push.precheck_done", values), cancellationToken);
        }

        ItemChange? change = null;
        if (complete && item.Status is ItemStatus.NotStarted or ItemStatus.Preparing)
        {
            change = await UpdateItemAsync(context, caseId, itemCode, ItemStatus.Prechecked, null, null, cancellationToken);
        }

        return new PrecheckResult(complete, missing, checks, change);
    }

    /// <summary>A free-text service record (服务记录) for the ledger.</summary>
    public async Task<long> LogServiceAsync(OperationContext context, long caseId, string text, string? itemCode, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnCaseAsync(context, caseId, cancellationToken);
        var content = guard.Required(text, "case.field.service_record", CaseGuard.MaxTextLength);
        return await CaseGuard.LogAsync(context, "service_record", caseId, serviceCase.ProjectId, itemCode, new { text = content }, cancellationToken);
    }

    /// <summary>
    /// A contact's own check of an item's materials (材料自查): recorded on their case that has an assistant, who is
    /// told to do the formal pre-check. Null when the actor has no such case.
    /// </summary>
    public async Task<ServiceCase?> SelfPrecheckAsync(OperationContext context, string itemCode, IReadOnlyList<string> missing, IReadOnlyCollection<int> have, CancellationToken cancellationToken)
    {
        if (context.Actor.Role != UserRole.Contact)
        {
            return null;
        }

        var cases = await reader.VisibleCasesAsync(context, openOnly: true, cancellationToken);
        if (cases.FirstOrDefault(c => c.AssistantId is not null) is not { AssistantId: { } assistant } serviceCase)
        {
            return null;
        }

        var entry = await CaseGuard.LogAsync(context, "self_precheck", serviceCase.Id, serviceCase.ProjectId, itemCode, new { missing, have = have.Order() }, cancellationToken);
        var values = ReplyTemplates.Values(("reference", serviceCase.ReferenceNo), ("item", guard.ItemName(itemCode)), ("missing", guard.List(missing)));
        await pushes.ToUserAsync(context, $"precheck:{serviceCase.Id}:{itemCode}:{entry}:{assistant}", assistant,
            pushes.Render(missing.Count == 0 ? "push.self_precheck_complete" : "push.self_precheck_missing", values), cancellationToken);
        return serviceCase;
    }

    private CaseItem RequireItem(IReadOnlyList<CaseItem> items, string itemCode) =>
        items.FirstOrDefault(i => i.ItemCode == itemCode) ?? throw guard.Refuse(CaseError.NotFound, "case.item_not_in_case", ("item", guard.ItemName(itemCode)));
}
