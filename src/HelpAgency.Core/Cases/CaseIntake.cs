using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>
/// The first steps of the service: 提前介入 (consultation and visit bookings, a hand-off to a person) and 委托受理 (the
/// application, the case with its plan and its assistant, the project's contacts).
/// </summary>
public sealed class CaseIntake(CaseGuard guard, CasePushes pushes, CaseReader reader, ApprovalCatalog catalog, CasePlanCalculator planner, PlanScope? scope = null)
{
    /// <summary>Which conditional items a new case plans; null (rule tests, benchmarks) plans every item of the type.</summary>
    public PlanScope? Scope { get; } = scope;

    public async Task<Visit> BookVisitAsync(OperationContext context, VisitRequest request, CancellationToken cancellationToken)
    {
        var place = guard.Required(request.Place, "case.field.place", 200);
        var topic = guard.Required(request.Topic, "case.field.topic", 500);
        var phone = guard.Phone(request.Phone);
        if (request.StartsAt <= context.Now)
        {
            throw guard.Invalid("case.visit_in_past");
        }

        Project? project = null;
        if (request.ProjectId is { } projectId)
        {
            project = await guard.RequireProjectAsync(context, projectId, cancellationToken);
            await guard.RequireContactOrStaffAsync(context, project, cancellationToken);
        }

        var assistant = await PickAssistantAsync(context.Work, project?.Park, cancellationToken);
        var visit = new Visit(0, context.Actor.Id, project?.Id, request.Kind, request.StartsAt, place, topic, phone, assistant, VisitStatus.Requested, context.Now);
        var id = await context.Work.Coordination.AddVisitAsync(visit, cancellationToken);
        visit = visit with { Id = id };
        await CaseGuard.LogAsync(context, "visit_booked", null, project?.Id, null, new { visit = id, kind = request.Kind.ToStored(), starts_at = request.StartsAt, place, topic, assistant }, cancellationToken);
        if (assistant is not null)
        {
            await pushes.ToUserAsync(context, $"visit:{id}:{assistant}", assistant, pushes.Render("push.visit_booked", ReplyTemplates.Values(
                ("kind", guard.Text(request.Kind == VisitKind.Onsite ? "case.visit_kind.onsite" : "case.visit_kind.consultation")), ("time", pushes.Time(request.StartsAt)),
                ("place", place), ("topic", topic), ("phone", phone), ("project", project?.Name ?? guard.Text("case.no_project")))), cancellationToken);
        }

        return visit;
    }

    /// <summary>The application form (委托受理): the project, its contact, the case, its plan and its assistant, who gets the task card.</summary>
    public async Task<CaseDetails> ApplyAsync(OperationContext context, ServiceApplication application, CancellationToken cancellationToken)
    {
        var actor = context.Actor;
        var enteredByStaff = actor.Role != UserRole.Contact;
        var contactUserId = enteredByStaff ? guard.Required(application.ContactUserId, "case.field.contact_user", UserIds.MaxLength) : actor.Id;
        if (enteredByStaff && !UserIds.IsValid(contactUserId))
        {
            throw guard.Invalid("case.contact_user_invalid");
        }

        var name = guard.Required(application.ProjectName, "case.field.project_name", 100);
        var unit = guard.Required(application.UnitName, "case.field.unit_name", 100);
        var contactName = guard.Required(application.ContactName, "case.field.contact_name", 50);
        var phone = guard.Phone(application.ContactPhone);
        var park = guard.Required(application.Park, "case.field.park", 50);
        if (!CreditCode.TryParse(application.CreditCode, out var parsedCode, out var creditProblem))
        {
            throw guard.Invalid(creditProblem.Key, creditProblem.Values);
        }

        var creditCode = parsedCode.Value;
        var agreement = Agreement(context, application.Agreement);
        if (catalog.FindProjectType(application.ProjectType) is not { Overlay: false } projectType)
        {
            throw guard.Invalid("case.project_type_unknown");
        }

        var unknown = application.ItemCodes?.FirstOrDefault(c => catalog.FindItem(c) is null);
        if (unknown is not null)
        {
            throw guard.Invalid("case.item_unknown", ("item", unknown));
        }

        if (application.ItemCodes is { Count: 0 } || (application.ItemCodes is null && catalog.ItemsFor(projectType.Code).Count == 0))
        {
            throw guard.Invalid("case.no_items");
        }

        // Staff enter an application for the enterprise's contact, never for one of themselves.
        if (enteredByStaff && await context.Work.Staff.FindAsync(contactUserId, cancellationToken) is not null)
        {
            throw guard.Invalid("case.contact_user_staff");
        }

        var chosenAssistant = await ChosenAssistantAsync(context, application.AssistantId, cancellationToken);

        // In chat the form itself asks whether a repeated project is the open one (check_duplicate); staff confirm by naming it.
        var duplicate = enteredByStaff ? await OpenCaseOfSameProjectAsync(context.Work, creditCode, name, cancellationToken) : null;
        if (duplicate is not null && application.NotDuplicateOf != duplicate.CaseId)
        {
            throw new DuplicateApplicationException(duplicate, guard.Text("case.duplicate_open", ("reference", duplicate.ReferenceNo), ("project", duplicate.ProjectName)));
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
        var contactId = await context.Work.Projects.AddContactAsync(projectId, contactUserId, contactName, phone, context.Now, cancellationToken);
        // The new project's only contact, as stored: the pushes and the answer need no read of it.
        IReadOnlyList<ProjectContact> contacts = [new ProjectContact(contactId, projectId, contactUserId, contactName, phone, context.Now, Until: null)];

        var assistant = chosenAssistant ?? await PickAssistantAsync(context.Work, park, cancellationToken);
        var serviceCase = new ServiceCase(0, projectId, CaseStatus.Accepted, assistant, context.Now);
        var caseId = await context.Work.Cases.AddAsync(serviceCase, cancellationToken);
        serviceCase = serviceCase with { Id = caseId };
        var items = plan.Select((p, i) => new CaseItem(caseId, p.Item.Code, i + 1, ItemStatus.NotStarted, p.PlannedStart, p.DueDate, context.Now,
            Reason: reasons.GetValueOrDefault(p.Item.Code))).ToList();
        await context.Work.Cases.AddItemsAsync(items, cancellationToken);

        var opened = CaseGuard.Entry("case_opened", caseId, projectId, null, new
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
            not_duplicate_of = duplicate?.ReferenceNo,
        });
        var agreed = CaseGuard.Entry("agreement_confirmed", caseId, projectId, null, agreement switch
        {
            AgreedInChat chat => new { way = "chat", confirmed_at = ChinaTime.Of(chat.At), contact = contactUserId, terms = chat.Terms },
            SignedOnPaper paper => (object)new { way = "paper", signed_on = paper.SignedOn, signed_by = paper.SignedBy, contact = contactUserId },
            _ => throw new InvalidOperationException($"Unknown agreement {agreement.GetType().Name}."),
        });
        var assignment = CaseGuard.Entry("case_assigned", caseId, projectId, null, new { assistant, by = chosenAssistant is null ? "rule" : "intake" });

        // Opened, agreed to and assigned: one change, its three entries written together.
        var entries = await CaseGuard.LogAsync(context, [opened, agreed, assignment], cancellationToken);
        await pushes.CaseAssignedAsync(context, serviceCase, project, contacts, entries[2], cancellationToken);
        return new CaseDetails(serviceCase, project, contacts, items, [], [], [], []);
    }

    /// <summary>
    /// The assistant staff entering an application chose for the case, checked: an assistant of the staff table, and the
    /// entering assistant themselves unless a supervisor enters it. Null when none was chosen (the rule assigns).
    /// </summary>
    private async Task<string?> ChosenAssistantAsync(OperationContext context, string? assistantId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(assistantId))
        {
            return null;
        }

        var actor = context.Actor;
        if (!actor.Role.IsStaff())
        {
            throw guard.Refuse(CaseError.Forbidden, "case.staff_only");
        }

        var id = assistantId.Trim();
        if (await context.Work.Staff.FindAsync(id, cancellationToken) is not { Role: UserRole.Assistant })
        {
            throw guard.Invalid("case.assistant_unknown", ("assistant", id));
        }

        if (actor.Role == UserRole.Assistant && id != actor.Id)
        {
            throw guard.Refuse(CaseError.Forbidden, "case.intake_assistant_self_only");
        }

        return id;
    }

    /// <summary>
    /// The 委托协议 the case opens on, its fields checked: none refuses the application. A paper form has its signer and a
    /// signing day no later than today.
    /// </summary>
    private AgreementConfirmation Agreement(OperationContext context, AgreementConfirmation? agreement) => agreement switch
    {
        null => throw guard.Invalid("case.agreement_required"),
        SignedOnPaper paper when paper.SignedOn > ChinaTime.Today(context.Now) => throw guard.Invalid("case.agreement_signed_later"),
        SignedOnPaper paper => paper with { SignedBy = guard.Required(paper.SignedBy, "case.field.agreement_signer", 50) },
        _ => agreement,
    };

    /// <summary>Replaces a contact of a project: the old one is kept as history, pushes follow the new one.</summary>
    public async Task ReplaceContactAsync(OperationContext context, long projectId, string? oldUserId, NewContact contact, CancellationToken cancellationToken)
    {
        var project = await guard.RequireProjectAsync(context, projectId, cancellationToken);
        await guard.RequireContactOrStaffAsync(context, project, cancellationToken, staffMustBeAssigned: true);
        var userId = guard.Required(contact.UserId, "case.field.contact_user", 64);
        var name = guard.Required(contact.Name, "case.field.contact_name", 50);
        var phone = guard.Phone(contact.Phone);
        if (oldUserId is not null && !await context.Work.Projects.EndContactAsync(projectId, oldUserId, context.Now, cancellationToken))
        {
            throw guard.Refuse(CaseError.NotFound, "case.contact_not_current");
        }

        if (!await context.Work.Projects.IsCurrentContactAsync(projectId, userId, cancellationToken))
        {
            await context.Work.Users.GetOrAddContactAsync(userId, context.Now, cancellationToken);
            await context.Work.Projects.AddContactAsync(projectId, userId, name, phone, context.Now, cancellationToken);
        }

        if ((await context.Work.Projects.ContactsAsync(projectId, includeHistory: false, cancellationToken)).Count == 0)
        {
            throw guard.Refuse(CaseError.Conflict, "case.contact_last");
        }

        await CaseGuard.LogAsync(context, "contact_replaced", null, projectId, null, new { removed = oldUserId, added = userId, name }, cancellationToken);
    }

    /// <summary>
    /// 转人工: the actor's assistant (or the one on duty) gets the excerpt and calls back; with nobody on duty the
    /// supervisors are told. Returns who was asked, or null.
    /// </summary>
    public async Task<StaffMember?> HandoffAsync(OperationContext context, IReadOnlyList<string> excerpt, CancellationToken cancellationToken)
    {
        var cases = context.Actor.Role == UserRole.Contact ? await reader.VisibleCasesAsync(context, openOnly: true, cancellationToken) : [];
        var assistantId = cases.FirstOrDefault(c => c.AssistantId is not null)?.AssistantId ?? await PickAssistantAsync(context.Work, null, cancellationToken);
        var assistant = assistantId is null ? null : await context.Work.Staff.FindAsync(assistantId, cancellationToken);
        var serviceCase = cases.FirstOrDefault();
        var entry = await CaseGuard.LogAsync(context, "handoff", serviceCase?.Id, serviceCase?.ProjectId, null, new { assistant = assistant?.UserId, excerpt }, cancellationToken);
        var values = ReplyTemplates.Values(("user", context.Actor.Id), ("excerpt", string.Join('\n', excerpt.Select(m => "> " + m))), ("recent", string.Join(" / ", excerpt)));
        if (assistant is null)
        {
            await pushes.ToSupervisorsAsync(context, $"handoff:{entry}", pushes.Render("push.handoff_nobody", values), cancellationToken);
        }
        else
        {
            await pushes.ToUserAsync(context, $"handoff:{entry}:{assistant.UserId}", assistant.UserId, pushes.Render("push.handoff", values), cancellationToken);
        }

        return assistant;
    }

    /// <summary>
    /// The open case an application for <paramref name="projectName"/> of the unit with <paramref name="creditCode"/> would
    /// repeat: the newest open case of that unit whose project name, letters and digits only, contains the other or is
    /// contained in it; null when none does. Chat asks the applicant about it, staff intake is refused without a confirmation.
    /// </summary>
    public static async Task<OpenCaseOfUnit?> OpenCaseOfSameProjectAsync(IUnitOfWork work, string creditCode, string projectName, CancellationToken cancellationToken)
    {
        static string Plain(string name) => new([.. name.Where(char.IsLetterOrDigit)]);
        var name = Plain(projectName);
        if (name.Length == 0)
        {
            return null;
        }

        var open = await work.Projects.OpenCasesOfUnitAsync(creditCode, cancellationToken);
        return open.FirstOrDefault(o => Plain(o.ProjectName) is { Length: > 0 } other
            && (other.Contains(name, StringComparison.Ordinal) || name.Contains(other, StringComparison.Ordinal)));
    }

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
}
