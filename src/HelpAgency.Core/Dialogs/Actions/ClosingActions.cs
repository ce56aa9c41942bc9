using System.Globalization;
using HelpAgency.Core.Cases;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>服务评价: the contact's score and comment; a low one is answered with an apology.</summary>
internal sealed class EvaluateAction : IDialogAction
{
    public string Name => "evaluate";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var score = int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture);
        await turn.Services.Cases.Closing.EvaluateAsync(turn.Operation, CaseId(turn), score, turn.Slot("comment"), cancellationToken);
        var again = (await turn.Turn.Work.Cases.EvaluationsAsync(CaseId(turn), cancellationToken)).Count > 1;
        turn.Say(score <= CaseClosing.LowScore ? "evaluated_low" : again ? "evaluated_again" : "evaluated");
    });
}

/// <summary>终止帮办: the evaluation first, then the case ends.</summary>
internal sealed class TerminateAction : IDialogAction
{
    public string Name => "terminate";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var closing = turn.Services.Cases.Closing;
        await closing.EvaluateAsync(turn.Operation, CaseId(turn), int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture), turn.Slot("comment"), cancellationToken);
        var closed = await closing.TerminateAsync(turn.Operation, CaseId(turn), turn.Slot("reason")!, cancellationToken);
        turn.Say("terminated", new Dictionary<string, string> { ["reference"] = closed.ReferenceNo });
    });
}

/// <summary>投诉: recorded and told to the supervisors at once; the user gets its number.</summary>
internal sealed class ComplaintAction : IDialogAction
{
    public string Name => "complaint";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var reference = await turn.Services.Cases.Closing.ComplainAsync(turn.Operation, turn.Slot("complaint")!, cancellationToken);
        turn.Say("complaint_recorded", new Dictionary<string, string> { ["reference"] = reference });
        return ActionResult.Next;
    }
}

/// <summary>请企业评价: staff ask the picked case's contacts for the evaluation; the reply says from when an unanswered case may end.</summary>
internal sealed class RequestEvaluationAction : IDialogAction
{
    public string Name => "request_evaluation";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var wait = await turn.Services.Cases.Closing.RequestEvaluationAsync(turn.Operation, CaseId(turn), cancellationToken);
        turn.Say("evaluation_requested", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display")!,
            ["date"] = turn.Services.Replies.Day(wait.TerminableFrom),
            ["days"] = Count(wait.WorkingDays),
        });
    });
}

/// <summary>
/// The reason a command gives after its case ("终止光谷智造园的帮办 企业一直未回复"): the words after the first space or
/// punctuation that follows the project it names, into slot "reason". The flow shows it for confirmation before anything is done.
/// </summary>
internal sealed class ReasonInMessageAction : IDialogAction
{
    public string Name => "reason_in_message";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var text = turn.Recognition.Text;
        var at = Math.Min(turn.Recognition.Entity("project")?.End ?? 0, text.Length);
        while (at < text.Length && IsBreak(text[at]))
        {
            at++;
        }

        while (at < text.Length && !IsBreak(text[at]))
        {
            at++;
        }

        var reason = new string(text.AsSpan(at).Trim(Breaks));
        if (reason.Length >= 2)
        {
            turn.Slots["reason"] = reason;
        }

        return Task.FromResult(ActionResult.Next);
    }

    private static bool IsBreak(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c);

    private static readonly char[] Breaks = [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(IsBreak)];
}

/// <summary>未评价终止, before the reason is asked: whether the picked case may be ended yet; the refusal says from when.</summary>
internal sealed class CheckUnansweredAction : IDialogAction
{
    public string Name => "check_unanswered";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var wait = await turn.Services.Cases.Closing.CheckUnansweredAsync(turn.Operation, CaseId(turn), cancellationToken);
        turn.Slots["asked"] = turn.Services.Replies.Day(wait.RequestedOn);
    });
}

/// <summary>未评价终止: a supervisor ends the picked case whose contacts never gave the evaluation they were asked for.</summary>
internal sealed class TerminateUnansweredAction : IDialogAction
{
    public string Name => "terminate_unanswered";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        await turn.Services.Cases.Closing.TerminateUnansweredAsync(turn.Operation, CaseId(turn), turn.Slot("reason")!, cancellationToken);
        turn.Say("terminated_unanswered", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")! });
    });
}
