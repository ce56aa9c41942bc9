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

/// <summary>安排协调会: the meeting, its group chat and its notice.</summary>
internal sealed class ScheduleMeetingAction : IDialogAction
{
    public string Name => "schedule_meeting";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var participants = SplitList(turn.Slot("participants") ?? "");
        var meeting = await turn.Services.Cases.Coordination.ScheduleMeetingAsync(turn.Operation, CaseId(turn), new MeetingRequest(
            turn.Slot("topic")!, DateTimeOffset.Parse(turn.Slot("datetime")!, CultureInfo.InvariantCulture), turn.Slot("place")!, participants,
            turn.Slot("agenda"), IncludeContact: turn.Slot("include_contact") == "yes"), cancellationToken);
        turn.Say("meeting_scheduled", new Dictionary<string, string>
        {
            ["time"] = turn.Slot("datetime:display")!,
            ["place"] = meeting.Place,
            ["count"] = Count(meeting.Participants.Count(p => p != turn.User.Id)),
        });
    });

    /// <summary>Names typed in one line, separated as people separate them; "无" is none (parser vocabulary, never shown).</summary>
    private static List<string> SplitList(string text) =>
        text.Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries).Where(p => p is not ("无" or "没有")).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Chooses the meeting whose minutes are recorded: scheduled or held meetings of the staff member's open cases.</summary>
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

        if (meetings.Count == 0)
        {
            turn.Say("no_meeting");
            return ActionResult.Finish;
        }

        Offer(turn, "meeting", "meeting_list", [.. meetings.Select(m => (m.Meeting.Id.ToString(CultureInfo.InvariantCulture), m.Label))]);
        return ActionResult.Next;
    }
}

/// <summary>会议纪要: the minutes and follow-up actions of the picked meeting.</summary>
internal sealed class RecordMinutesAction : IDialogAction
{
    public string Name => "record_minutes";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var actions = System.Text.Json.JsonSerializer.Deserialize<List<ActionRequest>>(turn.Slot("actions") ?? "[]", LedgerJson.Options) ?? [];
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
