using System.Globalization;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>协调办理: coordination requests (issues), meetings with their group chat and minutes, and the follow-up actions.</summary>
public sealed class CaseCoordination(CaseGuard guard, CasePushes pushes)
{
    public async Task<CoordinationIssue> RaiseIssueAsync(OperationContext context, long caseId, string? itemCode, string title, string leadDepartment, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        var issue = new CoordinationIssue(0, caseId, itemCode, guard.Required(title, "case.field.issue_title", 500), guard.Required(leadDepartment, "case.field.lead_department", 100),
            IssueStatus.Open, context.Actor.Id, context.Now);
        var id = await context.Work.Coordination.AddIssueAsync(issue, cancellationToken);
        await CaseGuard.LogAsync(context, "coordination_raised", caseId, serviceCase.ProjectId, itemCode, new { issue = id, title = issue.Title, lead = issue.LeadDepartment }, cancellationToken);
        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        await pushes.ToSupervisorsAsync(context, $"issue:{id}", pushes.Render("push.coordination_raised", ReplyTemplates.Values(
            ("case", guard.CaseLabel(project, serviceCase)), ("title", issue.Title), ("lead", issue.LeadDepartment), ("by", context.Actor.DisplayName))), cancellationToken);
        return issue with { Id = id };
    }

    public async Task<CoordinationIssue> ResolveIssueAsync(OperationContext context, long issueId, string resolution, CancellationToken cancellationToken)
    {
        var issue = await context.Work.Coordination.FindIssueAsync(issueId, cancellationToken) ?? throw guard.Refuse(CaseError.NotFound, "case.issue_unknown");
        var serviceCase = await guard.RequireStaffOnCaseAsync(context, issue.CaseId, cancellationToken);
        if (issue.Status == IssueStatus.Resolved)
        {
            throw guard.Refuse(CaseError.Conflict, "case.issue_resolved");
        }

        var resolved = issue with { Status = IssueStatus.Resolved, Resolution = guard.Required(resolution, "case.field.resolution", CaseGuard.MaxTextLength), ResolvedAt = context.Now };
        await context.Work.Coordination.UpdateIssueAsync(resolved, cancellationToken);
        await CaseGuard.LogAsync(context, "coordination_resolved", issue.CaseId, serviceCase.ProjectId, issue.ItemCode, new { issue = issueId, resolution = resolved.Resolution }, cancellationToken);
        return resolved;
    }

    /// <summary>
    /// Calls a coordination meeting: the people named (staff, or departments' contacts from the catalog, <see cref="CaseGuard.ResolvePeopleAsync"/>),
    /// the case's assistant, the supervisors and (if asked) the project's contacts become its group chat, which is created
    /// and told the notice through the outbox. A name that is none of these is refused and nothing is written.
    /// </summary>
    public async Task<ScheduledMeeting> ScheduleMeetingAsync(OperationContext context, long caseId, MeetingRequest request, CancellationToken cancellationToken)
    {
        var serviceCase = await guard.RequireStaffOnOpenCaseAsync(context, caseId, cancellationToken);
        if (request.StartsAt <= context.Now)
        {
            throw guard.Invalid("case.meeting_in_past");
        }

        if (request.IssueId is { } issueId && (await context.Work.Coordination.FindIssueAsync(issueId, cancellationToken))?.CaseId != caseId)
        {
            throw guard.Refuse(CaseError.NotFound, "case.issue_not_of_case");
        }

        var topic = guard.Required(request.Topic, "case.field.meeting_topic", 200);
        var place = guard.Required(request.Place, "case.field.meeting_place", 200);
        var agenda = guard.Optional(request.Agenda, "case.field.agenda", CaseGuard.MaxTextLength) ?? "";
        var invited = await guard.ResolvePeopleAsync(context, request.Participants, cancellationToken);
        var staff = await context.Work.Staff.ListAsync(null, cancellationToken);
        var contacts = request.IncludeContact ? await context.Work.Projects.ContactsAsync(serviceCase.ProjectId, includeHistory: false, cancellationToken) : [];
        Person Staff(string userId) => staff.FirstOrDefault(s => s.UserId == userId) is { } member ? new Person(member.UserId, member.Name) : new Person(userId, userId);
        var people = invited
            .Concat(serviceCase.AssistantId is { } assistant ? [Staff(assistant)] : [])
            .Concat(staff.Where(s => s.Role == UserRole.Supervisor).Select(s => Staff(s.UserId)))
            .Concat(contacts.Select(c => new Person(c.UserId, c.Name)))
            .Append(Staff(context.Actor.Id))
            .DistinctBy(p => p.UserId, StringComparer.Ordinal)
            .ToList();
        if (people.Count < 2)
        {
            throw guard.Invalid("case.meeting_too_few");
        }

        var participants = people.Select(p => p.UserId).ToList();
        var names = people.Select(p => p.Name).ToList();
        var meeting = new Meeting(0, caseId, request.IssueId, topic, request.StartsAt, place, participants, agenda, MeetingStatus.Scheduled, context.Actor.Id, context.Now);
        var id = await context.Work.Coordination.AddMeetingAsync(meeting, cancellationToken);
        meeting = meeting with { Id = id, ChatId = GroupChat.ChatIdForMeeting(id, context.Now) };
        await context.Work.Coordination.UpdateMeetingAsync(meeting, cancellationToken);
        await CaseGuard.LogAsync(context, "meeting_scheduled", caseId, serviceCase.ProjectId, null,
            new { meeting = id, topic, starts_at = meeting.StartsAt, place, participants, names, agenda, chat = meeting.ChatId }, cancellationToken);

        var project = await guard.RequireProjectAsync(context, serviceCase.ProjectId, cancellationToken);
        var values = ReplyTemplates.Values(("topic", topic), ("time", pushes.Time(meeting.StartsAt)), ("place", place), ("case", guard.CaseLabel(project, serviceCase)),
            ("agenda", agenda.Length > 0 ? agenda : guard.Text("case.agenda_pending")), ("participants", guard.List(names)));
        await pushes.CreateGroupAsync(context, $"meeting:{id}:chat", meeting.ChatId, pushes.Render("push.meeting_chat_name", values), context.Actor.Id, participants, cancellationToken);
        await pushes.ToMeetingAsync(context, $"meeting:{id}:notice", meeting, pushes.Render("push.meeting_notice", values), cancellationToken);
        return new ScheduledMeeting(meeting, people);
    }

    /// <summary>
    /// The people typed names stand for (<see cref="CaseGuard.ResolvePeopleAsync"/>), for a form to check a list of
    /// participants before it asks for more; changes nothing.
    /// </summary>
    public Task<IReadOnlyList<Person>> ResolvePeopleAsync(OperationContext context, IEnumerable<string> typed, CancellationToken cancellationToken) =>
        guard.ResolvePeopleAsync(context, typed, cancellationToken);

    /// <summary>The one person a follow-up action's owner names (<see cref="CaseGuard.ResolveOwnerAsync"/>), for a form to check; changes nothing.</summary>
    public Task<Person> ResolveOwnerAsync(OperationContext context, string? typed, CancellationToken cancellationToken) =>
        guard.ResolveOwnerAsync(context, typed, cancellationToken);

    /// <summary>
    /// The minutes and the follow-up actions (owner, due date) of a meeting that has begun, posted to its group; owners
    /// outside it are told directly. Every owner must be one known person; any refusal writes nothing.
    /// </summary>
    public async Task<Meeting> RecordMinutesAsync(OperationContext context, long meetingId, string minutes, IReadOnlyList<ActionRequest> actions, CancellationToken cancellationToken)
    {
        var meeting = await RequireMeetingAsync(context, meetingId, cancellationToken);
        var serviceCase = await guard.RequireStaffOnCaseAsync(context, meeting.CaseId, cancellationToken);
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            throw guard.Refuse(CaseError.Conflict, "case.meeting_cancelled");
        }

        if (meeting.StartsAt > context.Now)
        {
            throw guard.Refuse(CaseError.Conflict, "case.minutes_before_start", ("topic", meeting.Topic), ("time", pushes.Time(meeting.StartsAt)));
        }

        var held = meeting with { Status = MeetingStatus.Held, Minutes = guard.Required(minutes, "case.field.minutes", 10_000) };
        var owned = new List<(string Description, Person Owner, DateOnly Due)>();
        foreach (var action in actions)
        {
            owned.Add((guard.Required(action.Description, "case.field.action", 500), await guard.ResolveOwnerAsync(context, action.OwnerId, cancellationToken), action.DueDate));
        }

        await context.Work.Coordination.UpdateMeetingAsync(held, cancellationToken);
        var added = new List<FollowUpAction>();
        foreach (var (description, owner, due) in owned)
        {
            var followUp = new FollowUpAction(0, meetingId, description, owner.UserId, due);
            added.Add(followUp with { Id = await context.Work.Coordination.AddActionAsync(followUp, cancellationToken) });
        }

        var entry = await CaseGuard.LogAsync(context, "meeting_minutes", meeting.CaseId, serviceCase.ProjectId, null,
            new { meeting = meetingId, actions = added.Select(a => new { id = a.Id, a.Description, owner = a.OwnerId, due = a.DueDate }) }, cancellationToken);

        var lines = added.Select((a, i) => pushes.Render("push.meeting_action", ReplyTemplates.Values(
            ("n", (i + 1).ToString(CultureInfo.InvariantCulture)), ("action", a.Description), ("owner", owned[i].Owner.Name), ("due", pushes.Day(a.DueDate)), ("id", a.Id.ToString(CultureInfo.InvariantCulture)))));
        var values = ReplyTemplates.Values(("topic", meeting.Topic), ("minutes", held.Minutes!), ("actions", added.Count == 0 ? guard.Text("case.none") : string.Join('\n', lines)));
        await pushes.ToMeetingAsync(context, $"meeting:{meetingId}:minutes:{entry}", held, pushes.Render("push.meeting_minutes", values), cancellationToken);
        foreach (var action in added.Where(a => meeting.ChatId is null || !meeting.Participants.Contains(a.OwnerId, StringComparer.Ordinal)))
        {
            await pushes.ToUserAsync(context, $"action:{action.Id}:assigned", action.OwnerId, pushes.Render("push.action_assigned", ReplyTemplates.Values(
                ("topic", meeting.Topic), ("action", action.Description), ("due", pushes.Day(action.DueDate)))), cancellationToken);
        }

        return held;
    }

    /// <summary>Marks a follow-up action done (跟踪落实), by its owner or the case's staff: its reminders stop, the meeting's group is told.</summary>
    public async Task<FollowUpAction> CompleteActionAsync(OperationContext context, long actionId, CancellationToken cancellationToken)
    {
        var action = await context.Work.Coordination.FindActionAsync(actionId, cancellationToken) ?? throw guard.Refuse(CaseError.NotFound, "case.action_unknown");
        var meeting = await RequireMeetingAsync(context, action.MeetingId, cancellationToken);
        var serviceCase = action.OwnerId == context.Actor.Id
            ? await guard.RequireCaseAsync(context, meeting.CaseId, forUpdate: true, cancellationToken)
            : await guard.RequireStaffOnCaseAsync(context, meeting.CaseId, cancellationToken);
        if (action.DoneAt is not null || !await context.Work.Coordination.CompleteActionAsync(actionId, context.Now, cancellationToken))
        {
            throw guard.Refuse(CaseError.Conflict, "case.action_done_already", ("action", action.Description));
        }

        var done = action with { DoneAt = context.Now };
        await CaseGuard.LogAsync(context, "action_done", meeting.CaseId, serviceCase.ProjectId, null, new { action = actionId, meeting = meeting.Id, action.Description, owner = action.OwnerId }, cancellationToken);
        await pushes.ToMeetingAsync(context, $"action:{actionId}:done", meeting, pushes.Render("push.action_done", ReplyTemplates.Values(
            ("topic", meeting.Topic), ("action", action.Description), ("by", context.Actor.DisplayName))), cancellationToken);
        return done;
    }

    /// <summary>The follow-up actions the actor owns and has not done, soonest due first.</summary>
    public Task<IReadOnlyList<FollowUpAction>> OpenActionsAsync(OperationContext context, CancellationToken cancellationToken) =>
        context.Work.Coordination.OpenActionsOfAsync(context.Actor.Id, 50, cancellationToken);

    private async Task<Meeting> RequireMeetingAsync(OperationContext context, long meetingId, CancellationToken cancellationToken) =>
        await context.Work.Coordination.FindMeetingAsync(meetingId, cancellationToken) ?? throw guard.Refuse(CaseError.NotFound, "case.meeting_unknown");
}
