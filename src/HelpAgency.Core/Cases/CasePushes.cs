using System.Globalization;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>
/// The pushes the case operations queue: each one an outbox row written in the operation's own transaction,
/// keyed by its cause ("item:42:SG01:977:demo-contact"), worded by the push.* templates of replies.yaml.
/// </summary>
public sealed class CasePushes
{
    private readonly ReplyTemplates templates;
    private readonly IOutbox outbox;
    private readonly ApprovalCatalog catalog;

    public CasePushes(ReplyTemplates templates, IOutbox outbox, ApprovalCatalog catalog)
    {
        templates.Require(ReplyTemplates.FileName, TemplateKeys);
        this.templates = templates;
        this.outbox = outbox;
        this.catalog = catalog;
    }

    /// <summary>The templates the operations use; the start fails when replies.yaml lacks one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        "push.item_status", "push.next_item", "push.next_item_late", "push.next_submit", "push.next_submit_late", "push.next_waiting", "push.next_waiting_late",
        "push.next_correction", "push.next_correction_general",
        "push.next_certificate", "push.next_rejected", "push.next_all_done", "push.stage_completed",
        "push.case_assigned_title", "push.case_assigned", "push.case_unassigned", "push.visit_booked", "push.self_precheck_complete",
        "push.self_precheck_missing", "push.precheck_missing", "push.precheck_done", "push.handoff", "push.handoff_nobody", "push.terminated",
        "push.evaluation_requested", "push.terminated_unanswered", "push.terminated_unanswered_contact",
        "push.coordination_raised", "push.meeting_chat_name", "push.meeting_notice", "push.meeting_minutes", "push.meeting_action",
        "push.action_assigned", "push.action_done", "push.low_score", "push.supervised", "push.complaint", "push.department_unknown",
        "push.plan_redated", "push.plan_redated_item", "push.plan_redated_more",
        "card.accept.button", "card.contacted.button", .. ReplyTemplates.DateKeys, .. StatusLabels.TemplateKeys,
    ];

    public string Render(string key, IReadOnlyDictionary<string, string> values) => templates.Render(key, values);

    /// <summary>A markdown push to one user: routine (waits out the quiet hours) unless <paramref name="urgent"/>.</summary>
    public Task ToUserAsync(OperationContext context, string key, string userId, string text, CancellationToken cancellationToken, bool urgent = false) =>
        EnqueueAsync(context, key, userId, new MarkdownPayload(text), cancellationToken, urgent);

    /// <summary>A task card with buttons; its task id is derived from the key, so a retried send names the same task.</summary>
    public Task CardAsync(OperationContext context, string key, string userId, string title, string text, IReadOnlyList<ReplyButton> buttons, CancellationToken cancellationToken)
    {
        // WeCom task ids allow letters, digits and _-@ only, and must never repeat within the app.
        var taskId = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()) + "-" + context.Now.ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture);
        return EnqueueAsync(context, key, userId, new CardPayload(text, title, buttons, taskId), cancellationToken);
    }

    /// <summary>The project's current contacts: a contact replaced before this change is not told.</summary>
    public async Task ToContactsAsync(OperationContext context, string keyPrefix, long projectId, string text, CancellationToken cancellationToken)
    {
        foreach (var contact in await context.Work.Projects.ContactsAsync(projectId, includeHistory: false, cancellationToken))
        {
            await ToUserAsync(context, $"{keyPrefix}:{contact.UserId}", contact.UserId, text, cancellationToken);
        }
    }

    /// <summary>Every supervisor, once each; an alert (<paramref name="urgent"/>) goes at once, quiet hours or not.</summary>
    public async Task ToSupervisorsAsync(OperationContext context, string keyPrefix, string text, CancellationToken cancellationToken, bool urgent = false)
    {
        foreach (var supervisor in await context.Work.Staff.ListAsync(UserRole.Supervisor, cancellationToken))
        {
            await ToUserAsync(context, $"{keyPrefix}:{supervisor.UserId}", supervisor.UserId, text, cancellationToken, urgent);
        }
    }

    /// <summary>Queues the creation of a group chat; the messages queued to it after this wait behind it.</summary>
    public Task CreateGroupAsync(OperationContext context, string key, string chatId, string name, string owner, IReadOnlyList<string> members, CancellationToken cancellationToken) =>
        EnqueueAsync(context, key, GroupChat.Recipient(chatId),
            new GroupCreatePayload(name, name.Length > GroupChat.MaxNameLength ? name[..GroupChat.MaxNameLength] : name, owner, members), cancellationToken);

    /// <summary>A message to a meeting's group, or to each participant when the meeting has no group.</summary>
    public async Task ToMeetingAsync(OperationContext context, string key, Meeting meeting, string text, CancellationToken cancellationToken)
    {
        if (meeting.ChatId is { } chatId)
        {
            await EnqueueAsync(context, key, GroupChat.Recipient(chatId), new MarkdownPayload(text, meeting.Participants), cancellationToken);
            return;
        }

        foreach (var participant in meeting.Participants)
        {
            await ToUserAsync(context, $"{key}:{participant}", participant, text, cancellationToken);
        }
    }

    /// <summary>
    /// The new case's (or reassigned case's) task card to its assistant, naming the first of the project's current
    /// <paramref name="contacts"/>, which the caller has at hand; with nobody on duty, the supervisors are told.
    /// </summary>
    public async Task CaseAssignedAsync(OperationContext context, ServiceCase serviceCase, Project project, IReadOnlyList<ProjectContact> contacts, long entryId, CancellationToken cancellationToken)
    {
        var contact = contacts.FirstOrDefault();
        var values = ReplyTemplates.Values(("reference", serviceCase.ReferenceNo), ("project", project.Name), ("park", project.Park), ("contact", contact is null ? "" : $"{contact.Name} {contact.Phone}"));
        if (serviceCase.AssistantId is { } assistant)
        {
            await CardAsync(context, $"case:{serviceCase.Id}:assigned:{entryId}", assistant, Render("push.case_assigned_title", values),
                Render("push.case_assigned", values), CaseCardButtons.ForNewCase(serviceCase.Id, verb => Render($"card.{verb}.button", ReplyTemplates.Values())), cancellationToken);
        }
        else
        {
            await ToSupervisorsAsync(context, $"case:{serviceCase.Id}:unassigned:{entryId}", Render("push.case_unassigned", values), cancellationToken);
        }
    }

    /// <summary>
    /// A plan the follow-up scheduler re-dated, to the case's assistant: the item running late and the new planned finish
    /// of the items that moved (the first <see cref="RedatedItemsListed"/>). Keyed by the case and the China-time day, so
    /// a case's assistant hears of its re-dating at most once a day, however often the plan moves or the scan runs again.
    /// A routine push: it waits out the quiet hours. A case without an assistant tells nobody; the supervisors see it late.
    /// </summary>
    public async Task PlanRedatedAsync(OperationContext context, ServiceCase serviceCase, CaseItem late, PlanShift shift, CancellationToken cancellationToken)
    {
        if (serviceCase.AssistantId is not { } assistant)
        {
            return;
        }

        var project = await context.Work.Projects.FindAsync(serviceCase.ProjectId, cancellationToken);
        var moved = shift.Moved.OrderBy(i => i.Seq).ToList();
        var lines = moved.Take(RedatedItemsListed).Select(i => Render("push.plan_redated_item", ReplyTemplates.Values(("item", Name(i.ItemCode)), ("due", Day(i.PlannedDue))))).ToList();
        if (moved.Count > RedatedItemsListed)
        {
            lines.Add(Render("push.plan_redated_more", ReplyTemplates.Values(("count", (moved.Count - RedatedItemsListed).ToString(CultureInfo.InvariantCulture)))));
        }

        var text = Render("push.plan_redated", ReplyTemplates.Values(("project", project?.Name ?? ""), ("reference", serviceCase.ReferenceNo), ("item", Name(late.ItemCode)),
            ("due", Day(late.PlannedDue)), ("days", shift.Days.ToString(CultureInfo.InvariantCulture)), ("next", string.Join('\n', lines))));
        await ToUserAsync(context, $"redated:{serviceCase.Id}:{ChinaTime.Today(context.Now):yyyy-MM-dd}", assistant, text, cancellationToken);
    }

    /// <summary>How many moved items a re-dating push names; the rest are counted.</summary>
    public const int RedatedItemsListed = 3;

    /// <summary>Every item status change goes to the project's current contacts with the next step; a completed stage gets its own message.</summary>
    public async Task ItemChangedAsync(OperationContext context, ItemChange change, IReadOnlyList<CaseItem> after, string? note, long entryId, CancellationToken cancellationToken)
    {
        var serviceCase = change.Case;
        var item = change.After;
        var project = await context.Work.Projects.FindAsync(serviceCase.ProjectId, cancellationToken) ?? throw new InvalidOperationException($"case {serviceCase.Id} has no project");
        var today = ChinaTime.Today(context.Now);
        var values = ReplyTemplates.Values(("project", project.Name), ("reference", serviceCase.ReferenceNo), ("item", Name(item.ItemCode)), ("status", templates.Label(item.Status)),
            ("next", NextStep(item, after, note, today)));
        await ToContactsAsync(context, $"item:{serviceCase.Id}:{item.ItemCode}:{entryId}", project.Id, Render("push.item_status", values), cancellationToken);
        if (change.CompletedStage is { } stage)
        {
            values["stage"] = catalog.FindStage(stage)?.Name ?? stage;
            values["next"] = NextItem(after, null, today);
            await ToContactsAsync(context, $"stage:{serviceCase.Id}:{stage}:{entryId}", project.Id, Render("push.stage_completed", values), cancellationToken);
        }
    }

    /// <summary>
    /// What the contact should expect next: what to correct, the certificate and the next item, or the department's turn;
    /// a planned date gone by on <paramref name="today"/> is not named (<see cref="ReplyTemplates.PlannedKey"/>).
    /// </summary>
    private string NextStep(CaseItem item, IReadOnlyList<CaseItem> after, string? note, DateOnly today)
    {
        var entry = catalog.FindItem(item.ItemCode);
        var values = ReplyTemplates.Values(("item", Name(item.ItemCode)), ("due", Day(item.PlannedDue)), ("note", note ?? ""), ("certificate", item.CertificateNo ?? ""),
            ("department", entry is null ? Render("push.department_unknown", ReplyTemplates.Values()) : catalog.DepartmentName(entry)));
        return item.Status switch
        {
            ItemStatus.CorrectionRequired => Render(note is null ? "push.next_correction_general" : "push.next_correction", values),
            ItemStatus.Approved => Render("push.next_certificate", values) + "\n" + NextItem(after, item, today),
            ItemStatus.NotApplicable => NextItem(after, item, today),
            ItemStatus.Rejected => Render("push.next_rejected", values),
            ItemStatus.Submitted or ItemStatus.Accepted => Render(ReplyTemplates.PlannedKey("push.next_waiting", item.PlannedDue, today), values),
            _ => Render(ReplyTemplates.PlannedKey("push.next_submit", item.PlannedDue, today), values),
        };
    }

    /// <summary>The next open item of the plan after <paramref name="current"/> (or the first open one), or the news that all are done.</summary>
    private string NextItem(IReadOnlyList<CaseItem> after, CaseItem? current, DateOnly today)
    {
        var open = after.Where(i => i.Status.IsOpen()).OrderBy(i => i.Seq).ToList();
        var next = open.FirstOrDefault(i => current is null || i.Seq > current.Seq) ?? open.FirstOrDefault();
        return next is null
            ? Render("push.next_all_done", ReplyTemplates.Values())
            : Render(ReplyTemplates.PlannedKey("push.next_item", next.PlannedDue, today), ReplyTemplates.Values(("item", Name(next.ItemCode)), ("due", Day(next.PlannedDue))));
    }

    public string Day(DateOnly day) => templates.Day(day);

    public string Time(DateTimeOffset at) => templates.Time(at);

    private string Name(string itemCode) => catalog.FindItem(itemCode)?.Name ?? itemCode;

    private async Task EnqueueAsync(OperationContext context, string key, string recipient, OutboxPayload payload, CancellationToken cancellationToken, bool urgent = false)
    {
        if (!context.Silent && await outbox.EnqueueAsync(context.Work, key, recipient, payload, context.Now, urgent, cancellationToken)
            && recipient != context.Actor.Id && outbox.DueAt(context.Now, urgent) is var due && due > context.Now)
        {
            context.Held?.Add(due);
        }
    }
}
