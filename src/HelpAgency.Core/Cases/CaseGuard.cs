using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>
/// What every step of the service checks the same way: who may act on a case, that the case and project exist and
/// are open, that typed input is present, short enough and well formed, and the ledger entry each change writes.
/// Its refusals are worded by the case.* templates of replies.yaml, statuses by status.*; the start fails when one is missing.
/// </summary>
public sealed class CaseGuard
{
    public const int MaxTextLength = 2000;

    /// <summary>The templates the case operations say; the start fails when replies.yaml lacks one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        "case.not_found", "case.project_not_found", "case.forbidden", "case.not_contact_or_staff", "case.staff_only", "case.closed",
        "case.field_required", "case.field_too_long", "case.phone_invalid", "case.list_separator",
        "case.visit_in_past", "case.visit_kind.onsite", "case.visit_kind.consultation", "case.no_project",
        "case.project_type_unknown", "case.item_unknown", "case.no_items", "case.contact_not_current", "case.contact_last",
        "case.agreement_required", "case.agreement_signed_later", "case.contact_user_invalid", "case.contact_user_staff", "case.duplicate_open", "case.intake_assistant_self_only",
        "case.reassign_supervisor_only", "case.assistant_unknown", "case.supervise_supervisor_only", "case.report_supervisor_only", "case.supervise_no_assistant", "case.supervise_default_note",
        "case.ledger_staff_only", "case.item_not_in_case", "case.item_same_status", "case.item_cannot_move", "case.item_can_move_to", "case.certificate_required", "case.redate_system_only",
        "case.precheck_empty", "case.precheck_not_material", "case.precheck_reason_required", "case.precheck_complete", "case.precheck_missing",
        "case.label", "case.issue_unknown", "case.issue_not_of_case", "case.issue_resolved", "case.meeting_in_past", "case.meeting_too_few",
        "case.meeting_unknown", "case.meeting_cancelled", "case.minutes_before_start", "case.people_unknown", "case.person_ambiguous",
        "case.department_no_contacts", "case.owner_not_one", "case.agenda_pending", "case.none", "case.action_unknown", "case.action_done_already",
        "case.evaluate_contact_only", "case.score_range", "case.archive_open_items", "case.archive_open_items_more", "case.archive_not_evaluated",
        "case.terminate_not_evaluated", "case.complaint_case", "case.evaluation_given",
        "case.unanswered_supervisor_only", "case.unanswered_evaluated", "case.unanswered_not_requested", "case.unanswered_too_early",
        "case.field.place", "case.field.topic", "case.field.contact_user", "case.field.project_name", "case.field.unit_name", "case.field.contact_name", "case.field.agreement_signer",
        "case.field.park", "case.field.phone", "case.field.note", "case.field.finding_note", "case.field.service_record", "case.field.issue_title",
        "case.field.lead_department", "case.field.resolution", "case.field.meeting_topic", "case.field.meeting_place", "case.field.agenda",
        "case.field.minutes", "case.field.action", "case.field.owner", "case.field.comment", "case.field.termination_reason",
        .. StatusLabels.TemplateKeys, .. CreditCodeProblem.TemplateKeys,
    ];

    private readonly ApprovalCatalog _catalog;
    private readonly ReplyTemplates _replies;

    public CaseGuard(ApprovalCatalog catalog, ReplyTemplates replies)
    {
        replies.Require(ReplyTemplates.FileName, TemplateKeys);
        _catalog = catalog;
        _replies = replies;
    }

    /// <summary>A case.* text with its {placeholders} filled.</summary>
    public string Text(string key, params (string Key, string Value)[] values) => _replies.Render(key, ReplyTemplates.Values(values));

    /// <summary>An item's status in words (status.item.*).</summary>
    public string Label(ItemStatus status) => _replies.Label(status);

    /// <summary>Names joined as a list is written ("甲、乙、丙").</summary>
    public string List(IEnumerable<string> names) => string.Join(Text("case.list_separator"), names);

    /// <summary>A refusal worded by <paramref name="key"/>.</summary>
    public CaseOperationException Refuse(CaseError error, string key, params (string Key, string Value)[] values) => new(error, Text(key, values));

    /// <summary>Bad input, worded by <paramref name="key"/>.</summary>
    public CaseOperationException Invalid(string key, params (string Key, string Value)[] values) => Refuse(CaseError.Invalid, key, values);

    // ---- Access ----

    /// <summary>A supervisor sees every case, an assistant the cases assigned to them, a contact their current projects' cases.</summary>
    public async Task AuthorizeAsync(OperationContext context, ServiceCase serviceCase, CancellationToken cancellationToken)
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
            throw Refuse(CaseError.Forbidden, "case.forbidden");
        }
    }

    public async Task RequireContactOrStaffAsync(OperationContext context, Project project, CancellationToken cancellationToken, bool staffMustBeAssigned = false)
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

        throw Refuse(CaseError.Forbidden, "case.not_contact_or_staff");
    }

    public void RequireSupervisor(OperationContext context, string refusalKey)
    {
        if (context.Actor.Role != UserRole.Supervisor)
        {
            throw Refuse(CaseError.Forbidden, refusalKey);
        }
    }

    public async Task<ServiceCase> RequireStaffOnCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        if (!context.Actor.Role.IsStaff())
        {
            throw Refuse(CaseError.Forbidden, "case.staff_only");
        }

        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: true, cancellationToken);
        await AuthorizeAsync(context, serviceCase, cancellationToken);
        return serviceCase;
    }

    public async Task<ServiceCase> RequireStaffOnOpenCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireStaffOnCaseAsync(context, caseId, cancellationToken);
        RequireOpen(serviceCase);
        return serviceCase;
    }

    public async Task<ServiceCase> RequireOpenCaseAsync(OperationContext context, long caseId, CancellationToken cancellationToken)
    {
        var serviceCase = await RequireCaseAsync(context, caseId, forUpdate: true, cancellationToken);
        RequireOpen(serviceCase);
        return serviceCase;
    }

    public void RequireOpen(ServiceCase serviceCase)
    {
        if (serviceCase.Status.IsClosed())
        {
            throw Refuse(CaseError.Conflict, "case.closed", ("reference", serviceCase.ReferenceNo), ("status", _replies.Label(serviceCase.Status)));
        }
    }

    public async Task<ServiceCase> RequireCaseAsync(OperationContext context, long caseId, bool forUpdate, CancellationToken cancellationToken) =>
        await context.Work.Cases.FindAsync(caseId, forUpdate, cancellationToken) ?? throw Refuse(CaseError.NotFound, "case.not_found");

    public async Task<Project> RequireProjectAsync(OperationContext context, long projectId, CancellationToken cancellationToken) =>
        await context.Work.Projects.FindAsync(projectId, cancellationToken) ?? throw Refuse(CaseError.NotFound, "case.project_not_found");

    /// <summary>A staff member's read of case data goes to the access log; a contact's own reads do not.</summary>
    public static async Task RecordStaffReadAsync(OperationContext context, long? caseId, string what, CancellationToken cancellationToken)
    {
        if (context.Actor.Role.IsStaff())
        {
            await context.Work.Ledger.RecordAccessAsync(context.Actor, caseId, what, context.Now, cancellationToken);
        }
    }

    // ---- Input ----

    /// <summary>Trimmed text of the field named by <paramref name="fieldKey"/> (a case.field.* template), present and at most <paramref name="maxLength"/> long.</summary>
    public string Required(string? value, string fieldKey, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw Invalid("case.field_required", ("field", Text(fieldKey)));
        }

        return text.Length <= maxLength ? text : throw TooLong(fieldKey, maxLength);
    }

    /// <summary>Trimmed text or null when blank; too long is refused.</summary>
    public string? Optional(string? value, string fieldKey, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text.Length <= maxLength ? text : throw TooLong(fieldKey, maxLength);
    }

    /// <summary>An 11-digit mobile number or a landline with its area code, without spaces or dashes.</summary>
    public string Phone(string? value)
    {
        var phone = Required(value, "case.field.phone", 20).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var mobile = phone.Length == 11 && phone[0] == '1' && phone.All(char.IsAsciiDigit);
        var landline = phone.Length is >= 10 and <= 12 && phone[0] == '0' && phone.All(char.IsAsciiDigit);
        return mobile || landline ? phone : throw Invalid("case.phone_invalid");
    }

    /// <summary>
    /// The people typed names stand for, for a meeting or a follow-up action: a staff member by user id or name, a department's
    /// contact (the catalog's) by user id or name, or a department by code, name or alias for all its contacts. A name found
    /// nowhere, a department without contacts or a name two people share is refused, so free text never becomes a member
    /// of a WeCom group.
    /// </summary>
    public async Task<IReadOnlyList<Person>> ResolvePeopleAsync(OperationContext context, IEnumerable<string> typed, CancellationToken cancellationToken)
    {
        var staff = (await context.Work.Staff.ListAsync(null, cancellationToken)).Select(s => new Person(s.UserId, s.Name)).ToList();
        var contacts = _catalog.Departments.SelectMany(d => d.Contacts).Select(c => new Person(c.UserId, c.Name)).ToList();
        var everyone = staff.Concat(contacts).ToList();
        var people = new List<Person>();
        var unknown = new List<string>();
        var empty = new List<string>();
        foreach (var name in typed.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var byId = everyone.Where(p => p.UserId == name).ToList();
            var found = (byId.Count > 0 ? byId : everyone.Where(p => p.Name == name)).DistinctBy(p => p.UserId).ToList();
            if (found.Count > 1)
            {
                throw Invalid("case.person_ambiguous", ("name", name), ("people", List(found.Select(p => p.UserId))));
            }

            if (found.Count == 1)
            {
                people.Add(found[0]);
            }
            else if (_catalog.FindDepartmentByAlias(name) is not { } department)
            {
                unknown.Add(name);
            }
            else if (department.Contacts.Count == 0)
            {
                empty.Add(name);
            }
            else
            {
                people.AddRange(department.Contacts.Select(c => new Person(c.UserId, c.Name)));
            }
        }

        if (unknown.Count > 0)
        {
            throw Invalid("case.people_unknown", ("names", List(unknown)));
        }

        return empty.Count > 0 ? throw Invalid("case.department_no_contacts", ("departments", List(empty))) : people.DistinctBy(p => p.UserId).ToList();
    }

    /// <summary>The one person a follow-up action's owner names (<see cref="ResolvePeopleAsync"/>); a department of several contacts is refused.</summary>
    public async Task<Person> ResolveOwnerAsync(OperationContext context, string? typed, CancellationToken cancellationToken)
    {
        var name = Required(typed, "case.field.owner", 64);
        var people = await ResolvePeopleAsync(context, [name], cancellationToken);
        return people.Count == 1 ? people[0] : throw Invalid("case.owner_not_one", ("owner", name), ("people", List(people.Select(p => p.Name))));
    }

    // ---- Record ----

    /// <summary>Appends the change's ledger entry in the operation's transaction; returns its id.</summary>
    public static Task<long> LogAsync(OperationContext context, string action, long? caseId, long? projectId, string? itemCode, object details, CancellationToken cancellationToken) =>
        context.Work.Ledger.AppendAsync(context.Actor, Entry(action, caseId, projectId, itemCode, details), context.Now, cancellationToken);

    /// <summary>Appends a change's several ledger entries together, in their order; returns their ids in that order.</summary>
    public static Task<IReadOnlyList<long>> LogAsync(OperationContext context, IReadOnlyList<NewLedgerEntry> entries, CancellationToken cancellationToken) =>
        context.Work.Ledger.AppendAsync(context.Actor, entries, context.Now, cancellationToken);

    /// <summary>A ledger entry, its details as the ledger's JSON.</summary>
    public static NewLedgerEntry Entry(string action, long? caseId, long? projectId, string? itemCode, object details) =>
        new(action, caseId, projectId, itemCode, JsonSerializer.Serialize(details, LedgerJson.Options));

    public string ItemName(string code) => _catalog.FindItem(code)?.Name ?? code;

    public string? StageOf(string code) => _catalog.FindItem(code)?.Stage;

    /// <summary>A case as staff and contacts name it: "光谷智造园（GG2026-000042）".</summary>
    public string CaseLabel(Project project, ServiceCase serviceCase) => Text("case.label", ("project", project.Name), ("reference", serviceCase.ReferenceNo));

    private CaseOperationException TooLong(string fieldKey, int maxLength) =>
        Invalid("case.field_too_long", ("field", Text(fieldKey)), ("max", maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
