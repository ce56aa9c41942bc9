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
