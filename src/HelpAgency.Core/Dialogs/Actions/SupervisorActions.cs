using HelpAgency.Core.Users;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// 改派, the choice: the assistant the message names (转给王帮办), or a numbered list of every assistant to pick from (slot
/// "_choices" for the "choice" validator).
/// </summary>
internal sealed class PickAssistantAction : IDialogAction
{
    public string Name => "pick_assistant";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Slot("assistant") is not null)
        {
            return ActionResult.Next;
        }

        var assistants = await turn.Turn.Work.Staff.ListAsync(UserRole.Assistant, cancellationToken);
        if (assistants.Count == 0)
        {
            turn.Say("no_assistants");
            return ActionResult.Finish;
        }

        var text = turn.Recognition.Text;
        var named = assistants.Where(a => text.Contains(a.Name, StringComparison.Ordinal) || text.Contains(a.UserId, StringComparison.Ordinal)).ToList();
        // Only a name in the message chooses: with one assistant on the list the supervisor still confirms the choice.
        Offer(turn, "assistant", "assistant_list", [.. assistants.Select(a => (a.UserId, a.Name))], named.Count == 1 ? (named[0].UserId, named[0].Name) : null, takeOnly: false);
        return ActionResult.Next;
    }
}

/// <summary>改派: a supervisor hands the case to the chosen assistant.</summary>
internal sealed class ReassignCaseAction : IDialogAction
{
    public string Name => "reassign_case";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var updated = await turn.Services.Cases.Supervision.ReassignAsync(turn.Operation, CaseId(turn), turn.Slot("assistant")!, cancellationToken);
        turn.Say("case_reassigned", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? updated.ReferenceNo,
            ["assistant"] = turn.Slot("assistant:display") ?? turn.Slot("assistant")!,
        });
    });
}

/// <summary>督办: a supervisor urges the case's assistant.</summary>
internal sealed class SuperviseCaseAction : IDialogAction
{
    public string Name => "supervise_case";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var assistant = await turn.Services.Cases.Supervision.SuperviseAsync(turn.Operation, CaseId(turn), turn.Slot("note"), cancellationToken);
        turn.Say("case_supervised", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? "",
            ["assistant"] = assistant.Name,
        });
    });
}
