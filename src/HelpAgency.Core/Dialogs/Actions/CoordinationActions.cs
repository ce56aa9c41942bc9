using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>提请协调: a coordination request on a case, told to the supervisors.</summary>
internal sealed class RaiseCoordinationAction : IDialogAction
{
    public string Name => "raise_coordination";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var issue = await turn.Services.Cases.Coordination.RaiseIssueAsync(turn.Operation, CaseId(turn), null, turn.Slot("title")!, turn.Slot("department")!, cancellationToken);
        turn.Say("coordination_raised", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")!, ["title"] = issue.Title });
    });
}

/// <summary>安排协调会, the participants just typed: every name must be staff or a department (or its contact) of the catalog, else it is asked again.</summary>
internal sealed class CheckParticipantsAction : IDialogAction
{
    public string Name => "check_participants";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => AskAgainUnlessAsync(turn, "participants", () =>
        turn.Services.Cases.Coordination.ResolvePeopleAsync(turn.Operation, ScheduleMeetingAction.SplitList(turn, turn.Slot("participants") ?? ""), cancellationToken));
}

/// <summary>安排协调会: the meeting, its group chat and its notice; the reply names the group's members.</summary>
internal sealed class ScheduleMeetingAction : IDialogAction
{
    public string Name => "schedule_meeting";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var participants = SplitList(turn, turn.Slot("participants") ?? "");
        var scheduled = await turn.Services.Cases.Coordination.ScheduleMeetingAsync(turn.Operation, CaseId(turn), new MeetingRequest(
            turn.Slot("topic")!, DateTimeOffset.Parse(turn.Slot("datetime")!, CultureInfo.InvariantCulture), turn.Slot("place")!, participants,
            turn.Slot("agenda"), IncludeContact: turn.Slot("include_contact") == "yes"), cancellationToken);
        turn.Say("meeting_scheduled", new Dictionary<string, string>
        {
            ["time"] = turn.Slot("datetime:display")!,
            ["place"] = scheduled.Meeting.Place,
            ["count"] = Count(scheduled.Participants.Count),
            ["participants"] = JoinList(turn, scheduled.Participants.Select(p => p.Name)),
        });
    });

    /// <summary>Names typed in one line, separated as people separate them; a word of bot.yaml's words.nothing (无) is none.</summary>
    public static List<string> SplitList(DialogTurn turn, string text) =>
        text.Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !turn.Services.Settings.Words.Nothing.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Chooses the meeting whose minutes are recorded: the scheduled or held meetings of the staff member's open cases that
/// have begun; with only meetings still to come, says when the next one begins.
/// </summary>
internal sealed class PickMeetingAction : IDialogAction
{
    public string Name => "pick_meeting";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var meetings = new List<(Meeting Meeting, string Label)>();
        foreach (var c in await turn.Services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken))
        {
            foreach (var m in await turn.Turn.Work.Coordination.MeetingsAsync(c.Id, cancellationToken))
            {
                if (m.Status != MeetingStatus.Cancelled)
                {
                    meetings.Add((m, Render(turn, "meeting_label", ("topic", m.Topic), ("time", turn.Services.Replies.Time(m.StartsAt)), ("reference", c.ReferenceNo))));
                }
            }
        }

        var begun = meetings.Where(m => m.Meeting.StartsAt <= turn.Now).ToList();
        if (begun.Count == 0)
        {
            if (meetings.Count == 0)
            {
                turn.Say("no_meeting");
            }
            else
            {
                turn.Say("no_meeting_begun", new Dictionary<string, string> { ["meeting"] = meetings.MinBy(m => m.Meeting.StartsAt).Label });
            }

            return ActionResult.Finish;
        }

        Offer(turn, "meeting", "meeting_list", [.. begun.Select(m => (m.Meeting.Id.ToString(CultureInfo.InvariantCulture), m.Label))]);
        return ActionResult.Next;
    }
}

/// <summary>会议纪要, the follow-up actions just typed: each owner must be one known person, else the actions are asked again.</summary>
internal sealed class CheckActionOwnersAction : IDialogAction
{
    public string Name => "check_action_owners";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => AskAgainUnlessAsync(turn, "actions", async () =>
    {
        foreach (var action in Actions(turn))
        {
            await turn.Services.Cases.Coordination.ResolveOwnerAsync(turn.Operation, action.OwnerId, cancellationToken);
        }
    });

    /// <summary>The follow-up actions of slot "actions", as the follow_up_actions validator stored them.</summary>
    public static List<ActionRequest> Actions(DialogTurn turn) =>
        System.Text.Json.JsonSerializer.Deserialize<List<ActionRequest>>(turn.Slot("actions") ?? "[]", LedgerJson.Options) ?? [];
}

/// <summary>会议纪要: the minutes and follow-up actions of the picked meeting.</summary>
internal sealed class RecordMinutesAction : IDialogAction
{
    public string Name => "record_minutes";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var actions = CheckActionOwnersAction.Actions(turn);
        var meetingId = long.Parse(turn.Slot("meeting")!, CultureInfo.InvariantCulture);
        await turn.Services.Cases.Coordination.RecordMinutesAsync(turn.Operation, meetingId, turn.Slot("minutes")!, actions, cancellationToken);
        turn.Say("minutes_recorded", new Dictionary<string, string> { ["meeting"] = turn.Slot("meeting:display")!, ["count"] = Count(actions.Count) });
    });
}

/// <summary>Lists the follow-up actions the user owns and has not done, to pick the one done.</summary>
internal sealed class PickActionAction : IDialogAction
{
    public string Name => "pick_action";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var open = await turn.Services.Cases.Coordination.OpenActionsAsync(turn.Operation, cancellationToken);
        if (open.Count == 0)
        {
            turn.Say("no_open_action");
            return ActionResult.Finish;
        }

        Offer(turn, "follow_up", "action_list",
            [.. open.Select(a => (a.Id.ToString(CultureInfo.InvariantCulture), Render(turn, "follow_up_label", ("action", a.Description), ("due", turn.Services.Replies.Day(a.DueDate)))))]);
        return ActionResult.Next;
    }
}

/// <summary>落实完成: the picked follow-up action is done; the meeting's group is told.</summary>
internal sealed class CompleteActionAction : IDialogAction
{
    public string Name => "complete_action";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var done = await turn.Services.Cases.Coordination.CompleteActionAsync(turn.Operation, long.Parse(turn.Slot("follow_up")!, CultureInfo.InvariantCulture), cancellationToken);
        turn.Say("action_completed", new Dictionary<string, string> { ["action"] = done.Description });
    });
}
