using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Cases;

/// <summary>Who is acting, inside which transaction, at what time.</summary>
public sealed record OperationContext(IUnitOfWork Work, AppUser Actor, DateTimeOffset Now)
{
    /// <summary>Recording history (the demo seed, an import): the change and its ledger entry are kept, nobody is told.</summary>
    public bool Silent { get; init; }

    /// <summary>Where the operation notes the pushes to others that quiet hours hold, so the actor's reply can say when they go out.</summary>
    public HeldPushes? Held { get; init; }
}

/// <summary>
/// The application API of the service: every change to a case goes through here, whether it comes from
/// a chat, a card button or the admin API. Each operation checks who may do it, keeps the lifecycle
/// rules, and writes its ledger entry and its pushes (outbox rows) in the caller's transaction, so the change,
/// its record and the news of it commit together or not at all.
/// </summary>
public sealed class CaseOperations(ApprovalCatalog catalog, CasePlanCalculator planner, ReplyTemplates? replies = null, IOptions<PushOptions>? pushOptions = null, PlanScope? scope = null)
{
    public const int MaxTextLength = 2000;

    /// <summary>An evaluation at or below this score alerts the supervisors like a complaint.</summary>
    public const int LowScore = 2;

    /// <summary>Which conditional items a new case plans; null (rule tests, benchmarks) plans every item of the type.</summary>
    public PlanScope? Scope { get; } = scope;

    // Without reply templates (rule tests, benchmarks) the operations keep state and ledger but push nothing.
    private readonly CasePushes? _pushes = replies is null ? null : CreatePushes(replies, pushOptions?.Value ?? new PushOptions(), catalog);

    // ---- 提前介入: consultation and visit bookings ----

    public async Task<Visit> BookVisitAsync(OperationContext context, VisitRequest request, CancellationToken cancellationToken)
    {
        var place = Required(request.Place, "地点", 200);
        var topic = Required(request.Topic, "咨询事项", 500);
        var phone = Phone(request.Phone);
        if (request.StartsAt <= context.Now)
        {
            throw Invalid("预约时间需要晚于当前时间。");
        }

        Project? project = null;
        if (request.ProjectId is { } projectId)
        {
            project = await RequireProjectAsync(context, projectId, cancellationToken);
            await RequireContactOrStaffAsync(context, project, cancellationToken);
        }

        var assistant = await PickAssistantAsync(context.Work, project?.Park, cancellationToken);
        var visit = new Visit(0, context.Actor.Id, project?.Id, request.Kind, request.StartsAt, place, topic, phone, assistant, VisitStatus.Requested, context.Now);
        var id = await context.Work.Coordination.AddVisitAsync(visit, cancellationToken);
        visit = visit with { Id = id };
        await LogAsync(context, "visit_booked", null, project?.Id, null, new { visit = id, kind = request.Kind.ToStored(), starts_at = request.StartsAt, place, topic, assistant }, cancellationToken);
        if (_pushes is { } pushes && assistant is not null)
        {
            await pushes.ToUserAsync(context, $"visit:{id}:{assistant}", assistant, pushes.Render("push.visit_booked", Values(
                ("kind", request.Kind == VisitKind.Onsite ? "上门服务" : "预约咨询"), ("time", Time(request.StartsAt)), ("place", place), ("topic", topic), ("phone", phone),
                ("project", project?.Name ?? "（未关联项目）"))), cancellationToken);
        }

        return visit;
    }

    // ---- 委托受理: the application form, the case, its plan and its assistant ----

    public async Task<CaseDetails> ApplyAsync(OperationContext context, ServiceApplication application, CancellationToken cancellationToken)
    {
        var actor = context.Actor;
        var contactUserId = actor.Role == UserRole.Contact ? actor.Id : Required(application.ContactUserId, "联系人账号", 64);
        var name = Required(application.ProjectName, "项目名称", 100);
        var unit = Required(application.UnitName, "项目单位", 100);
        var contactName = Required(application.ContactName, "联系人姓名", 50);
        var phone = Phone(application.ContactPhone);
        var park = Required(application.Park, "所在园区", 50);
        if (!CreditCode.TryParse(application.CreditCode, out var parsedCode, out var creditError))
        {
            throw Invalid(creditError);
        }

        var creditCode = parsedCode.Value;
        if (catalog.FindProjectType(application.ProjectType) is not { Overlay: false } projectType)
        {
            throw Invalid("项目类型不在目录中，请重新选择。");
        }

        var unknown = application.ItemCodes?.FirstOrDefault(c => catalog.FindItem(c) is null);
        if (unknown is not null)
        {
            throw Invalid($"目录中没有事项“{unknown}”。");
        }

        if (application.ItemCodes is { Count: 0 } || (application.ItemCodes is null && catalog.ItemsFor(projectType.Code).Count == 0))
        {
            throw Invalid("没有选中任何审批事项，请至少选择一项。");
        }

        // Items the applicant or staff named are planned as named; otherwise the facts of the application decide the conditional ones.
        var selection = application.ItemCodes is null ? Scope?.Select(projectType.Code, application.Facts, registered: true) : null;
        var itemCodes = selection?.Planned.Select(s => s.Item.Code).ToList() ?? application.ItemCodes;
        var reasons = selection?.Planned.Where(s => s.Reason is not null).ToDictionary(s => s.Item.Code, s => s.Reason!, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var plan = planner.Calculate(projectType.Code, ChinaTime.Today(context.Now), itemCodes).Items;

        var project = new Project(0, name, unit, creditCode, projectType.Code, park, application.IsKeyProject, application.CommitsToStart, context.Now);
        var projectId = await context.Work.Projects.AddAsync(project, cancellationToken);
        project = project with { Id = projectId };
        await context.Work.Users.GetOrAddContactAsync(contactUserId, context.Now, cancellationToken);
        await context.Work.Projects.AddContactAsync(projectId, contactUserId, contactName, phone, context.Now, cancellationToken);

        var assistant = await PickAssistantAsync(context.Work, park, cancellationToken);
        var serviceCase = new ServiceCase(0, projectId, CaseStatus.Accepted, assistant, context.Now);
        var caseId = await context.Work.Cases.AddAsync(serviceCase, cancellationToken);
        serviceCase = serviceCase with { Id = caseId };
        var items = plan.Select((p, i) => new CaseItem(caseId, p.Item.Code, i + 1, ItemStatus.NotStarted, p.PlannedStart, p.DueDate, context.Now,
            Reason: reasons.GetValueOrDefault(p.Item.Code))).ToList();
        await context.Work.Cases.AddItemsAsync(items, cancellationToken);

        await LogAsync(context, "case_opened", caseId, projectId, null, new
        {
            reference = serviceCase.ReferenceNo,
            project = name,
            unit,
            credit_code = creditCode,
            project_type = projectType.Code,
            park,
            contact = contactUserId,
            items = plan.Select(p => p.Item.Code),
            finish = plan.Max(p => p.DueDate),
            facts = application.Facts,
            reasons,
            left_out = selection?.LeftOut.Select(s => new { item = s.Item.Code, reason = s.Reason }),
        }, cancellationToken);
        var assigned = await LogAsync(context, "case_assigned", caseId, projectId, null, new { assistant, by = "rule" }, cancellationToken);
        await (_pushes?.CaseAssignedAsync(context, serviceCase, project, assigned, cancellationToken) ?? Task.CompletedTask);

        var contacts = await context.Work.Projects.ContactsAsync(projectId, includeHistory: false, cancellationToken);
        return new CaseDetails(serviceCase, project, contacts, items, [], [], [], []);
    }

    /// <summary>A supervisor hands the case to another assistant.</summary>
    public async Task<ServiceCase> ReassignAsync(OperationContext context, long caseId, string assistantId, CancellationToken cancellationToken)
    {
        if (context.Actor.Role != UserRole.Supervisor)
        {
            throw new CaseOperationException(CaseError.Forbidden, "只有督导人员可以改派帮办专员。");
        }

        var serviceCase = await RequireOpenCaseAsync(context, caseId, cancellationToken);
        var member = await context.Work.Staff.FindAsync(assistantId, cancellationToken);
        if (member is not { Role: UserRole.Assistant })
        {
            throw Invalid($"找不到帮办专员“{assistantId}”。");
        }

        if (serviceCase.AssistantId == assistantId)
        {
            return serviceCase;
        }

        var updated = serviceCase with { AssistantId = assistantId };
        await context.Work.Cases.UpdateAsync(updated, cancellationToken);
        var entry = await LogAsync(context, "case_assigned", caseId, serviceCase.ProjectId, null, new { assistant = assistantId, previous = serviceCase.AssistantId, by = "supervisor" }, cancellationToken);
        await (_pushes?.CaseAssignedAsync(context, updated, await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken), entry, cancellationToken) ?? Task.CompletedTask);
        return updated;
    }

    /// <summary>督办: a supervisor urges the case's assistant; the push is urgent (quiet hours or not), the ledger keeps it.</summary>
    public async Task<StaffMember> SuperviseAsync(OperationContext context, long caseId, string? note, CancellationToken cancellationToken)
    {
        if (context.Actor.Role != UserRole.Supervisor)
        {
            throw new CaseOperationException(CaseError.Forbidden, "只有督导人员可以督办。");
        }

        var serviceCase = await RequireOpenCaseAsync(context, caseId, cancellationToken);
        if (serviceCase.AssistantId is not { } assistantId || await context.Work.Staff.FindAsync(assistantId, cancellationToken) is not { } assistant)
        {
            throw Invalid("该案件还没有帮办专员，请先改派一位帮办专员。");
        }

        var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var entry = await LogAsync(context, "case_supervised", caseId, serviceCase.ProjectId, null, new { assistant = assistantId, note }, cancellationToken);
        if (_pushes is { } pushes)
        {
            await pushes.ToUserAsync(context, $"supervise:{entry}", assistantId, pushes.Render("push.supervised", Values(
                ("project", project.Name), ("reference", serviceCase.ReferenceNo), ("by", context.Actor.DisplayName), ("note", string.IsNullOrWhiteSpace(note) ? "请尽快推进并回复办理情况。" : note))), cancellationToken, urgent: true);
        }

        return assistant;
    }

    /// <summary>Replaces a contact of a project: the old one is kept as history, pushes follow the new one.</summary>
    public async Task ReplaceContactAsync(OperationContext context, long projectId, string? oldUserId, NewContact contact, CancellationToken cancellationToken)
    {
        var project = await RequireProjectAsync(context, projectId, cancellationToken);
        await RequireContactOrStaffAsync(context, project, cancellationToken, staffMustBeAssigned: true);
        var userId = Required(contact.UserId, "联系人账号", 64);
        var name = Required(contact.Name, "联系人姓名", 50);
        var phone = Phone(contact.Phone);
        if (oldUserId is not null && !await context.Work.Projects.EndContactAsync(projectId, oldUserId, context.Now, cancellationToken))
        {
            throw new CaseOperationException(CaseError.NotFound, "原联系人不是该项目的现任联系人。");
        }

        if (!await context.Work.Projects.IsCurrentContactAsync(projectId, userId, cancellationToken))
        {
            await context.Work.Users.GetOrAddContactAsync(userId, context.Now, cancellationToken);
            await context.Work.Projects.AddContactAsync(projectId, userId, name, phone, context.Now, cancellationToken);
        }

        if ((await context.Work.Projects.ContactsAsync(projectId, includeHistory: false, cancellationToken)).Count == 0)
        {
            throw new CaseOperationException(CaseError.Conflict, "项目至少需要一名联系人。");
        }

        await LogAsync(context, "contact_replaced", null, projectId, null, new { removed = oldUserId, added = userId, name }, cancellationToken);
    }

    // ---- Reading ----

    /// <summary>One case in full, if the actor may see it; a staff read is written to the access log.</summary>
    public async Task<CaseDetails> GetAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: false, cancellationToken);
        var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        await AuthorizeAsync(context, serviceCase, cancellationToken);
        await RecordStaffReadAsync(context, caseId, "case", cancellationToken);
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

    /// <summary>The cases the actor may see: a contact's projects, an assistant's assignments, or all for a supervisor.</summary>
    public async Task<IReadOnlyList<ServiceCase>> VisibleCasesAsync(OperationContext context, bool openOnly, CancellationToken cancellationToken)
    {
        var cases = context.Actor.Role switch
        {
            UserRole.Contact => await context.Work.Cases.OfContactAsync(context.Actor.Id, cancellationToken),
            UserRole.Assistant => await context.Work.Cases.OfAssistantAsync(context.Actor.Id, openOnly, cancellationToken),
            _ => await context.Work.Cases.ListAsync(openOnly, long.MaxValue, 200, cancellationToken),
        };
        await RecordStaffReadAsync(context, null, "case_list", cancellationToken);
        return openOnly ? cases.Where(c => !c.Status.IsClosed()).ToList() : cases;
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: false, cancellationToken);
        if (!context.Actor.Role.IsStaff())
        {
            throw new CaseOperationException(CaseError.Forbidden, "服务记录台账仅供工作人员查看。");
        }

        await AuthorizeAsync(context, serviceCase, cancellationToken);
        await RecordStaffReadAsync(context, caseId, "ledger", cancellationToken);
        return await context.Work.Ledger.OfCaseAsync(caseId, cancellationToken);
    }

    // ---- 实施帮办代办: item progress and material pre-checks ----

    public async Task<ItemChange> UpdateItemAsync(OperationContext context, long caseId, string itemCode, ItemStatus to, string? certificateNo, string? note, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var items = await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var item = items.FirstOrDefault(i => i.ItemCode == itemCode)
            ?? throw new CaseOperationException(CaseError.NotFound, $"本案件不含事项“{ItemName(itemCode)}”。");
        if (item.Status == to)
        {
            throw new CaseOperationException(CaseError.Conflict, $"“{ItemName(itemCode)}”已经是“{to.Label()}”状态。");
        }

        if (!ItemStatusRules.CanMove(item.Status, to))
        {
            var next = string.Join("、", ItemStatusRules.NextOf(item.Status).Select(s => s.Label()));
            throw new CaseOperationException(CaseError.Conflict,
                $"“{ItemName(itemCode)}”当前为“{item.Status.Label()}”，不能直接改为“{to.Label()}”。" + (next.Length > 0 ? $"可改为：{next}。" : ""));
        }

        var certificate = certificateNo?.Trim();
        if (to == ItemStatus.Approved && string.IsNullOrEmpty(certificate))
        {
            throw Invalid("办结需要填写证照或批文编号。");
        }

        var trimmedNote = Optional(note, "备注", MaxTextLength);
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
        var redated = to == ItemStatus.Approved ? planner.Redate(items, item, ChinaTime.Today(context.Now)) : [];
        foreach (var moved in redated)
        {
            await context.Work.Cases.UpdateItemAsync(moved, cancellationToken);
        }

        if (serviceCase.Status == CaseStatus.Accepted)
        {
            serviceCase = serviceCase with { Status = CaseStatus.InProgress };
            await context.Work.Cases.UpdateAsync(serviceCase, cancellationToken);
        }

        var entry = await LogAsync(context, "item_status", caseId, serviceCase.ProjectId, itemCode,
            new { from = item.Status.ToStored(), to = to.ToStored(), certificate = updated.CertificateNo, note = trimmedNote, redated = redated.Count }, cancellationToken);

        var stage = StageOf(itemCode);
        var after = items.Select(i => i.ItemCode == itemCode ? updated : redated.FirstOrDefault(m => m.ItemCode == i.ItemCode) ?? i).ToList();
        var stageDone = stage is not null
            && item.Status.IsOpen() && !to.IsOpen()
            && after.Where(i => StageOf(i.ItemCode) == stage).All(i => !i.Status.IsOpen());
        var change = new ItemChange(serviceCase, item, updated, stageDone ? stage : null);
        await (_pushes?.ItemChangedAsync(context, change, after, trimmedNote, entry, cancellationToken) ?? Task.CompletedTask);
        return change;
    }

    /// <summary>Records the pre-check (预审) of an item's materials; a complete set moves the item to pre-checked.</summary>
    public async Task<PrecheckResult> PrecheckAsync(OperationContext context, long caseId, string itemCode, IReadOnlyList<MaterialFinding> findings, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var items = await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var item = items.FirstOrDefault(i => i.ItemCode == itemCode)
            ?? throw new CaseOperationException(CaseError.NotFound, $"本案件不含事项“{ItemName(itemCode)}”。");
        var materials = catalog.FindItem(itemCode)?.Materials ?? [];
        if (findings.Count == 0)
        {
            throw Invalid("请至少填写一项材料的预审结果。");
        }

        foreach (var finding in findings)
        {
            if (!materials.Any(m => m.Name == finding.Material))
            {
                throw Invalid($"“{finding.Material}”不是“{ItemName(itemCode)}”的申请材料。");
            }

            if (finding.Result != MaterialResult.Provided && string.IsNullOrWhiteSpace(finding.Note))
            {
                throw Invalid($"“{finding.Material}”缺失或不规范时，请写明原因。");
            }
        }

        foreach (var finding in findings)
        {
            await context.Work.Cases.UpsertCheckAsync(
                new MaterialCheck(caseId, itemCode, finding.Material, finding.Result, Optional(finding.Note, "说明", 500), context.Actor.Id, context.Now),
                cancellationToken);
        }

        var checks = (await context.Work.Cases.ChecksAsync(caseId, cancellationToken)).Where(c => c.ItemCode == itemCode).ToList();
        var missing = materials
            .Where(m => m.Required && !checks.Any(c => c.Material == m.Name && c.Result == MaterialResult.Provided))
            .Select(m => m.Name)
            .ToList();
        var complete = missing.Count == 0;
        var entry = await LogAsync(context, "material_precheck", caseId, serviceCase.ProjectId, itemCode,
            new { findings = findings.Select(f => new { material = f.Material, result = f.Result.ToStored(), note = f.Note }), complete, missing }, cancellationToken);
        if (_pushes is { } pushes)
        {
            var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
            var values = Values(("project", project.Name), ("reference", serviceCase.ReferenceNo), ("item", ItemName(itemCode)),
                ("missing", string.Join("、", missing)), ("result", complete ? "必需材料齐全" : $"缺少{string.Join("、", missing)}"));
            if (!complete)
            {
                // A complete set is news through the item's move to pre-checked; a gap is news of its own.
                await pushes.ToContactsAsync(context, $"precheck:{caseId}:{itemCode}:{entry}", serviceCase.ProjectId, pushes.Render("push.precheck_missing", values), cancellationToken);
            }

            if (serviceCase.AssistantId is { } assistant && assistant != context.Actor.Id)
            {
                await pushes.ToUserAsync(context, $"precheck:{caseId}:{itemCode}:{entry}:{assistant}", assistant, pushes.Render("push.precheck_done", values), cancellationToken);
            }
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
        var serviceCase = await RequireStaffOnCaseAsync(context, caseId, cancellationToken);
        var content = Required(text, "服务记录", MaxTextLength);
        return await LogAsync(context, "service_record", caseId, serviceCase.ProjectId, itemCode, new { text = content }, cancellationToken);
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

        var cases = await VisibleCasesAsync(context, openOnly: true, cancellationToken);
        if (cases.FirstOrDefault(c => c.AssistantId is not null) is not { AssistantId: { } assistant } serviceCase)
        {
            return null;
        }

        var entry = await LogAsync(context, "self_precheck", serviceCase.Id, serviceCase.ProjectId, itemCode, new { missing, have = have.Order() }, cancellationToken);
        if (_pushes is { } pushes)
        {
            var values = Values(("reference", serviceCase.ReferenceNo), ("item", ItemName(itemCode)), ("missing", string.Join("、", missing)));
            await pushes.ToUserAsync(context, $"precheck:{serviceCase.Id}:{itemCode}:{entry}:{assistant}", assistant,
                pushes.Render(missing.Count == 0 ? "push.self_precheck_complete" : "push.self_precheck_missing", values), cancellationToken);
        }

        return serviceCase;
    }

    /// <summary>
    /// 转人工: the actor's assistant (or the one on duty) gets the excerpt and calls back; with nobody on duty the
    /// supervisors are told. Returns who was asked, or null.
    /// </summary>
    public async Task<StaffMember?> HandoffAsync(OperationContext context, IReadOnlyList<string> excerpt, CancellationToken cancellationToken)
    {
        var cases = context.Actor.Role == UserRole.Contact ? await VisibleCasesAsync(context, openOnly: true, cancellationToken) : [];
        var assistantId = cases.FirstOrDefault(c => c.AssistantId is not null)?.AssistantId ?? await PickAssistantAsync(context.Work, null, cancellationToken);
        var assistant = assistantId is null ? null : await context.Work.Staff.FindAsync(assistantId, cancellationToken);
        var serviceCase = cases.FirstOrDefault();
        var entry = await LogAsync(context, "handoff", serviceCase?.Id, serviceCase?.ProjectId, null, new { assistant = assistant?.UserId, excerpt }, cancellationToken);
        if (_pushes is { } pushes)
        {
            var values = Values(("user", context.Actor.Id), ("excerpt", string.Join('\n', excerpt.Select(m => "> " + m))), ("recent", string.Join(" / ", excerpt)));
            if (assistant is null)
            {
                await pushes.ToSupervisorsAsync(context, $"handoff:{entry}", pushes.Render("push.handoff_nobody", values), cancellationToken);
            }
            else
            {
                await pushes.ToUserAsync(context, $"handoff:{entry}:{assistant.UserId}", assistant.UserId, pushes.Render("push.handoff", values), cancellationToken);
            }
        }

        return assistant;
    }

    // ---- 协调办理: issues, meetings, follow-up actions ----

    public async Task<CoordinationIssue> RaiseIssueAsync(OperationContext context, long caseId, string? itemCode, string title, string leadDepartment, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var issue = new CoordinationIssue(0, caseId, itemCode, Required(title, "协调事项", 500), Required(leadDepartment, "牵头部门", 100), IssueStatus.Open, context.Actor.Id, context.Now);
        var id = await context.Work.Coordination.AddIssueAsync(issue, cancellationToken);
        await LogAsync(context, "coordination_raised", caseId, serviceCase.ProjectId, itemCode, new { issue = id, title = issue.Title, lead = issue.LeadDepartment }, cancellationToken);
        if (_pushes is { } pushes)
        {
            var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
            await pushes.ToSupervisorsAsync(context, $"issue:{id}", pushes.Render("push.coordination_raised", Values(
                ("case", $"{project.Name}（{serviceCase.ReferenceNo}）"), ("title", issue.Title), ("lead", issue.LeadDepartment), ("by", context.Actor.DisplayName))), cancellationToken);
        }

        return issue with { Id = id };
    }

    public async Task<CoordinationIssue> ResolveIssueAsync(OperationContext context, long issueId, string resolution, CancellationToken cancellationToken)
    {
        var issue = await context.Work.Coordination.FindIssueAsync(issueId, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到该协调事项。");
        var serviceCase = await RequireStaffOnCaseAsync(context, issue.CaseId, cancellationToken);
        if (issue.Status == IssueStatus.Resolved)
        {
            throw new CaseOperationException(CaseError.Conflict, "该协调事项已经解决。");
        }

        var resolved = issue with { Status = IssueStatus.Resolved, Resolution = Required(resolution, "解决情况", MaxTextLength), ResolvedAt = context.Now };
        await context.Work.Coordination.UpdateIssueAsync(resolved, cancellationToken);
        await LogAsync(context, "coordination_resolved", issue.CaseId, serviceCase.ProjectId, issue.ItemCode, new { issue = issueId, resolution = resolved.Resolution }, cancellationToken);
        return resolved;
    }

    /// <summary>
    /// Calls a coordination meeting: the typed representatives, the case's assistant, the supervisors and (if asked)
    /// the project's contacts become its group chat, which is created and told the notice through the outbox.
    /// </summary>
    public async Task<Meeting> ScheduleMeetingAsync(OperationContext context, long caseId, MeetingRequest request, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        if (request.StartsAt <= context.Now)
        {
            throw Invalid("会议时间需要晚于当前时间。");
        }

        if (request.IssueId is { } issueId && (await context.Work.Coordination.FindIssueAsync(issueId, cancellationToken))?.CaseId != caseId)
        {
            throw new CaseOperationException(CaseError.NotFound, "找不到该案件的这个协调事项。");
        }

        var topic = Required(request.Topic, "会议主题", 200);
        var place = Required(request.Place, "会议地点", 200);
        var agenda = Optional(request.Agenda, "会议议程", MaxTextLength) ?? "";
        var staff = await context.Work.Staff.ListAsync(null, cancellationToken);
        var contacts = request.IncludeContact ? await context.Work.Projects.ContactsAsync(serviceCase.ProjectId, includeHistory: false, cancellationToken) : [];
        var participants = (await ResolveUsersAsync(context, request.Participants, cancellationToken))
            .Concat(serviceCase.AssistantId is { } assistant ? [assistant] : [])
            .Concat(staff.Where(s => s.Role == UserRole.Supervisor).Select(s => s.UserId))
            .Concat(contacts.Select(c => c.UserId))
            .Append(context.Actor.Id)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (participants.Count < 2)
        {
            throw Invalid("协调会至少需要两名参会人员，请添加参会部门代表。");
        }

        var meeting = new Meeting(0, caseId, request.IssueId, topic, request.StartsAt, place, participants, agenda, MeetingStatus.Scheduled, context.Actor.Id, context.Now);
        var id = await context.Work.Coordination.AddMeetingAsync(meeting, cancellationToken);
        meeting = meeting with { Id = id, ChatId = GroupChat.ChatIdForMeeting(id, context.Now) };
        await context.Work.Coordination.UpdateMeetingAsync(meeting, cancellationToken);
        await LogAsync(context, "meeting_scheduled", caseId, serviceCase.ProjectId, null,
            new { meeting = id, topic, starts_at = meeting.StartsAt, place, participants, agenda, chat = meeting.ChatId }, cancellationToken);

        if (_pushes is { } pushes)
        {
            var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
            var names = participants.Select(p => staff.FirstOrDefault(s => s.UserId == p)?.Name ?? contacts.FirstOrDefault(c => c.UserId == p)?.Name ?? p);
            var values = Values(("topic", topic), ("time", Time(meeting.StartsAt)), ("place", place), ("case", $"{project.Name}（{serviceCase.ReferenceNo}）"),
                ("agenda", agenda.Length > 0 ? agenda : "待定"), ("participants", string.Join("、", names)));
            await pushes.CreateGroupAsync(context, $"meeting:{id}:chat", meeting.ChatId, pushes.Render("push.meeting_chat_name", values), context.Actor.Id, participants, cancellationToken);
            await pushes.ToMeetingAsync(context, $"meeting:{id}:notice", meeting, pushes.Render("push.meeting_notice", values), cancellationToken);
        }

        return meeting;
    }

    /// <summary>The minutes and the follow-up actions (owner, due date) of a meeting, posted to its group; owners outside it are told directly.</summary>
    public async Task<Meeting> RecordMinutesAsync(OperationContext context, long meetingId, string minutes, IReadOnlyList<ActionRequest> actions, CancellationToken cancellationToken)
    {
        var meeting = await context.Work.Coordination.FindMeetingAsync(meetingId, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到该协调会议。");
        var serviceCase = await RequireStaffOnCaseAsync(context, meeting.CaseId, cancellationToken);
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            throw new CaseOperationException(CaseError.Conflict, "该会议已取消，不能记录纪要。");
        }

        var held = meeting with { Status = MeetingStatus.Held, Minutes = Required(minutes, "会议纪要", 10_000) };
        await context.Work.Coordination.UpdateMeetingAsync(held, cancellationToken);
        var added = new List<FollowUpAction>();
        foreach (var action in actions)
        {
            var description = Required(action.Description, "落实事项", 500);
            var owner = (await ResolveUsersAsync(context, [Required(action.OwnerId, "责任人", 64)], cancellationToken))[0];
            var followUp = new FollowUpAction(0, meetingId, description, owner, action.DueDate);
            added.Add(followUp with { Id = await context.Work.Coordination.AddActionAsync(followUp, cancellationToken) });
        }

        var entry = await LogAsync(context, "meeting_minutes", meeting.CaseId, serviceCase.ProjectId, null,
            new { meeting = meetingId, actions = added.Select(a => new { id = a.Id, a.Description, owner = a.OwnerId, due = a.DueDate }) }, cancellationToken);

        if (_pushes is { } pushes)
        {
            var staff = await context.Work.Staff.ListAsync(null, cancellationToken);
            string Name(string userId) => staff.FirstOrDefault(s => s.UserId == userId)?.Name ?? userId;
            var lines = added.Select((a, i) => pushes.Render("push.meeting_action", Values(
                ("n", (i + 1).ToString(CultureInfo.InvariantCulture)), ("action", a.Description), ("owner", Name(a.OwnerId)), ("due", Day(a.DueDate)), ("id", a.Id.ToString(CultureInfo.InvariantCulture)))));
            var values = Values(("topic", meeting.Topic), ("minutes", held.Minutes!), ("actions", added.Count == 0 ? "无" : string.Join('\n', lines)));
            await pushes.ToMeetingAsync(context, $"meeting:{meetingId}:minutes:{entry}", held, pushes.Render("push.meeting_minutes", values), cancellationToken);
            foreach (var action in added.Where(a => meeting.ChatId is null || !meeting.Participants.Contains(a.OwnerId, StringComparer.Ordinal)))
            {
                await pushes.ToUserAsync(context, $"action:{action.Id}:assigned", action.OwnerId, pushes.Render("push.action_assigned", Values(
                    ("topic", meeting.Topic), ("action", action.Description), ("due", Day(action.DueDate)))), cancellationToken);
            }
        }

        return held;
    }

    /// <summary>Marks a follow-up action done (跟踪落实), by its owner or the case's staff: its reminders stop, the meeting's group is told.</summary>
    public async Task<FollowUpAction> CompleteActionAsync(OperationContext context, long actionId, CancellationToken cancellationToken)
    {
        var action = await context.Work.Coordination.FindActionAsync(actionId, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到该落实事项。");
        var meeting = await context.Work.Coordination.FindMeetingAsync(action.MeetingId, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到该协调会议。");
        var serviceCase = action.OwnerId == context.Actor.Id
            ? await RequireCaseAsync(context, meeting.CaseId, forUpdate: true, cancellationToken)
            : await RequireStaffOnCaseAsync(context, meeting.CaseId, cancellationToken);
        if (action.DoneAt is not null || !await context.Work.Coordination.CompleteActionAsync(actionId, context.Now, cancellationToken))
        {
            throw new CaseOperationException(CaseError.Conflict, $"落实事项“{action.Description}”已经完成。");
        }

        var done = action with { DoneAt = context.Now };
        await LogAsync(context, "action_done", meeting.CaseId, serviceCase.ProjectId, null, new { action = actionId, meeting = meeting.Id, action.Description, owner = action.OwnerId }, cancellationToken);
        if (_pushes is { } pushes)
        {
            await pushes.ToMeetingAsync(context, $"action:{actionId}:done", meeting, pushes.Render("push.action_done", Values(
                ("topic", meeting.Topic), ("action", action.Description), ("by", context.Actor.DisplayName))), cancellationToken);
        }

        return done;
    }

    /// <summary>The follow-up actions the actor owns and has not done, soonest due first.</summary>
    public Task<IReadOnlyList<FollowUpAction>> OpenActionsAsync(OperationContext context, CancellationToken cancellationToken) =>
        context.Work.Coordination.OpenActionsOfAsync(context.Actor.Id, 50, cancellationToken);

    // ---- 项目归档: evaluation, archive, termination ----

    /// <summary>
    /// The contact's evaluation (服务评价表): a score of 1 to 5 and a comment. Each is kept as given, a second one beside the
    /// first, and the case shows the latest; a score of 1 or 2 tells the supervisors at once, as a complaint does.
    /// </summary>
    public async Task<ServiceCase> EvaluateAsync(OperationContext context, long caseId, int score, string? comment, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireOpenCaseAsync(context, caseId, cancellationToken);
        if (context.Actor.Role != UserRole.Contact || !await context.Work.Projects.IsCurrentContactAsync(serviceCase.ProjectId, context.Actor.Id, cancellationToken))
        {
            throw new CaseOperationException(CaseError.Forbidden, "服务评价需由项目联系人填写。");
        }

        if (score is < 1 or > 5)
        {
            throw Invalid("评分请在1到5分之间。");
        }

        var text = Optional(comment, "评价意见", 1000);
        var evaluated = serviceCase with { EvaluationScore = score, EvaluationComment = text, EvaluatedAt = context.Now };
        await context.Work.Cases.UpdateAsync(evaluated, cancellationToken);
        var evaluation = await context.Work.Cases.AddEvaluationAsync(new CaseEvaluation(0, caseId, context.Actor.Id, score, text, context.Now), cancellationToken);
        var number = (await context.Work.Cases.EvaluationsAsync(caseId, cancellationToken)).Count;
        var entry = await LogAsync(context, "evaluated", caseId, serviceCase.ProjectId, null, new { evaluation, number, score, comment = text }, cancellationToken);
        if (score <= LowScore && _pushes is { } pushes)
        {
            var project = await RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
            await pushes.ToSupervisorsAsync(context, $"case:{caseId}:low_score:{entry}", pushes.Render("push.low_score", Values(
                ("reference", serviceCase.ReferenceNo), ("project", project.Name), ("score", score.ToString(CultureInfo.InvariantCulture)),
                ("comment", text ?? "无"), ("user", context.Actor.Id))), cancellationToken, urgent: true);
        }

        return evaluated;
    }

    public async Task<ServiceCase> ArchiveAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var items = await context.Work.Cases.ItemsAsync(caseId, cancellationToken);
        var open = items.Where(i => i.Status.IsOpen()).ToList();
        if (open.Count > 0)
        {
            throw new CaseOperationException(CaseError.Conflict,
                $"还有{open.Count}个事项未办结（{string.Join("、", open.Take(3).Select(i => ItemName(i.ItemCode)))}{(open.Count > 3 ? "等" : "")}），暂不能归档。");
        }

        if (!serviceCase.IsEvaluated)
        {
            throw new CaseOperationException(CaseError.Conflict, "项目单位尚未填写服务评价，暂不能归档。");
        }

        // The archive keeps, per approved item, its certificate and the materials as last pre-checked (归档资料清单).
        var checks = (await context.Work.Cases.ChecksAsync(caseId, cancellationToken)).ToLookup(c => c.ItemCode);
        var certificates = items.Where(i => i.Status == ItemStatus.Approved)
            .Select(i => new
            {
                item = i.ItemCode,
                name = ItemName(i.ItemCode),
                certificate = i.CertificateNo,
                materials = (catalog.FindItem(i.ItemCode)?.Materials ?? [])
                    .Select(m => new { name = m.Name, required = m.Required, check = checks[i.ItemCode].FirstOrDefault(c => c.Material == m.Name)?.Result.ToString().ToLowerInvariant() })
                    .ToList(),
            })
            .ToList();
        var archived = serviceCase with { Status = CaseStatus.Archived, ClosedAt = context.Now, Certificates = JsonSerializer.Serialize(certificates, LedgerJson.Options) };
        await context.Work.Cases.UpdateAsync(archived, cancellationToken);
        await LogAsync(context, "case_archived", caseId, serviceCase.ProjectId, null, new { certificates }, cancellationToken);
        return archived;
    }

    /// <summary>Ends the service early (终止帮办), by the unit or by staff; the evaluation must be in first.</summary>
    public async Task<ServiceCase> TerminateAsync(OperationContext context, long caseId, string reason, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireOpenCaseAsync(context, caseId, cancellationToken);
        await AuthorizeAsync(context, serviceCase, cancellationToken);
        var why = Required(reason, "终止原因", 500);
        if (!serviceCase.IsEvaluated)
        {
            throw new CaseOperationException(CaseError.Conflict, "终止前请项目单位先填写服务评价。");
        }

        var terminated = serviceCase with { Status = CaseStatus.Terminated, ClosedAt = context.Now, TerminationReason = why };
        await context.Work.Cases.UpdateAsync(terminated, cancellationToken);
        var entry = await LogAsync(context, "case_terminated", caseId, serviceCase.ProjectId, null, new { reason = why }, cancellationToken);
        if (_pushes is { } pushes && terminated.AssistantId is { } assistant && assistant != context.Actor.Id)
        {
            await pushes.ToUserAsync(context, $"case:{caseId}:terminated:{entry}", assistant, pushes.Render("push.terminated", Values(
                ("reference", terminated.ReferenceNo), ("reason", why), ("score", terminated.EvaluationScore?.ToString(CultureInfo.InvariantCulture) ?? "-"))), cancellationToken);
        }

        return terminated;
    }

    // ---- Rules shared by the operations ----

    /// <summary>
    /// Chooses the assistant for new work: on duty, covering the park if any does, then the one with the
    /// fewest open cases, then by id so the choice is repeatable. Null when nobody is on duty.
    /// </summary>
    public static async Task<string?> PickAssistantAsync(IUnitOfWork work, string? park, CancellationToken cancellationToken)
    {
        var onDuty = (await work.Staff.ListAsync(UserRole.Assistant, cancellationToken)).Where(s => s.OnDuty).ToList();
        if (onDuty.Count == 0)
        {
            return null;
        }

        var local = park is null ? [] : onDuty.Where(s => s.Parks.Contains(park, StringComparer.Ordinal)).ToList();
        var pool = local.Count > 0 ? local : onDuty;
        var counts = await work.Cases.OpenCaseCountsAsync(pool.Select(s => s.UserId).ToList(), cancellationToken);
        return pool.OrderBy(s => counts.GetValueOrDefault(s.UserId)).ThenBy(s => s.UserId, StringComparer.Ordinal).First().UserId;
    }

    private async Task AuthorizeAsync(OperationContext context, ServiceCase serviceCase, CancellationToken cancellationToken)
    {
        var actor = context.Actor;
        var allowed = actor.Role switch
        {
            UserRole.Supervisor => true,
            UserRole.Assistant => serviceCase.AssistantId == actor.Id,
            _ => await context.Work.Projects.IsCurrentContactAsync(serviceCase.ProjectId, actor.Id, cancellationToken),
        };
        if (!allowed)
        {
            throw new CaseOperationException(CaseError.Forbidden, "抱歉，您无权查看或办理这个案件。");
        }
    }

    private async Task RequireContactOrStaffAsync(OperationContext context, Project project, CancellationToken cancellationToken, bool staffMustBeAssigned = false)
    {
        var actor = context.Actor;
        if (actor.Role == UserRole.Supervisor)
        {
            return;
        }

        if (actor.Role == UserRole.Assistant)
        {
            if (!staffMustBeAssigned || (await context.Work.Cases.OfProjectAsync(project.Id, cancellationToken)).Any(c => c.AssistantId == actor.Id))
            {
                return;
            }
        }
        else if (await context.Work.Projects.IsCurrentContactAsync(project.Id, actor.Id, cancellationToken))
        {
            return;
        }

        throw new CaseOperationException(CaseError.Forbidden, "抱歉，您不是该项目的联系人或负责人员。");
    }

    private async Task<ServiceCase> RequireStaffOnCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        if (!context.Actor.Role.IsStaff())
        {
            throw new CaseOperationException(CaseError.Forbidden, "这项操作仅限帮办工作人员。");
        }

        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: true, cancellationToken);
        await AuthorizeAsync(context, serviceCase, cancellationToken);
        return serviceCase;
    }

    private async Task<ServiceCase> RequireStaffOnOpenCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnCaseAsync(context, caseId, cancellationToken);
        RequireOpen(serviceCase);
        return serviceCase;
    }

    private async Task<ServiceCase> RequireOpenCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: true, cancellationToken);
        RequireOpen(serviceCase);
        return serviceCase;
    }

    private static void RequireOpen(ServiceCase serviceCase)
    {
        if (serviceCase.Status.IsClosed())
        {
            throw new CaseOperationException(CaseError.Conflict, $"案件{serviceCase.ReferenceNo}已{serviceCase.Status.Label()[1..]}，不能再修改。");
        }
    }

    private static async Task<ServiceCase> RequireCaseAsync(OperationContext context, long caseId, bool forUpdate, CancellationToken cancellationToken) =>
        await context.Work.Cases.FindAsync(caseId, forUpdate, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到这个案件，请核对受理编号。");

    private static async Task<Project> RequireProjectAsync(OperationContext context, long projectId, CancellationToken cancellationToken) =>
        await context.Work.Projects.FindAsync(projectId, cancellationToken)
            ?? throw new CaseOperationException(CaseError.NotFound, "找不到这个项目。");

    private static async Task RecordStaffReadAsync(OperationContext context, long? caseId, string what, CancellationToken cancellationToken)
    {
        if (context.Actor.Role.IsStaff())
        {
            await context.Work.Ledger.RecordAccessAsync(context.Actor, caseId, what, context.Now, cancellationToken);
        }
    }

    private static Task<long> LogAsync(OperationContext context, string action, long? caseId, long? projectId, string? itemCode, object details, CancellationToken cancellationToken) =>
        context.Work.Ledger.AppendAsync(context.Actor, new NewLedgerEntry(action, caseId, projectId, itemCode, JsonSerializer.Serialize(details, LedgerJson.Options)), context.Now, cancellationToken);

    private static string Required(string? value, string field, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw Invalid($"请填写{field}。");
        }

        return text.Length <= maxLength ? text : throw Invalid($"{field}不能超过{maxLength}个字。");
    }

    private static string? Optional(string? value, string field, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length <= maxLength ? text : throw Invalid($"{field}不能超过{maxLength}个字。");
    }

    private static string Phone(string? value)
    {
        var phone = Required(value, "联系电话", 20).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var mobile = phone.Length == 11 && phone[0] == '1' && phone.All(char.IsAsciiDigit);
        var landline = phone.Length is >= 10 and <= 12 && phone[0] == '0' && phone.All(char.IsAsciiDigit);
        return mobile || landline ? phone : throw Invalid("联系电话格式不正确，请填写11位手机号或带区号的座机号。");
    }

    private static CasePushes CreatePushes(ReplyTemplates replies, PushOptions options, ApprovalCatalog catalog)
    {
        replies.Require(ReplyTemplates.FileName, CasePushes.TemplateKeys);
        return new CasePushes(replies, new Outbox.TransactionalOutbox(Microsoft.Extensions.Options.Options.Create(options)), catalog);
    }

    /// <summary>User ids as typed, or staff named by name ("陈帮办"), as their user ids.</summary>
    private static async Task<List<string>> ResolveUsersAsync(OperationContext context, IEnumerable<string> typed, CancellationToken cancellationToken)
    {
        var staff = await context.Work.Staff.ListAsync(null, cancellationToken);
        return typed.Select(t => t.Trim()).Where(t => t.Length > 0)
            .Select(t => staff.FirstOrDefault(s => s.UserId == t || s.Name == t)?.UserId ?? t)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, string> Values(params (string Key, string Value)[] pairs) => CasePushes.Values(pairs);

    private static string Day(DateOnly day) => CasePushes.Day(day);

    private static string Time(DateTimeOffset at) => CasePushes.Time(at);

    private string ItemName(string code) => catalog.FindItem(code)?.Name ?? code;

    private string? StageOf(string code) => catalog.FindItem(code)?.Stage;

    private static CaseOperationException Invalid(string message) => new(CaseError.Invalid, message);
}
