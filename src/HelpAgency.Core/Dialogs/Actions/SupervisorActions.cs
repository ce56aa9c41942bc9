using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>A supervisor's chat commands: hand a case to another assistant (改派) and urge its assistant (督办).</summary>
public static class SupervisorActions
{
    public static IEnumerable<IDialogAction> All() =>
    [
        new DialogAction("pick_assistant", PickAssistantAsync),
        new DialogAction("reassign_case", ReassignAsync),
        new DialogAction("supervise_case", SuperviseAsync),
    ];

    /// <summary>
    /// The assistant the message names (转给王帮办), or a numbered list of every assistant to pick from (slot
    /// "_choices" for the "choice" validator).
    /// </summary>
    private static async Task<ActionResult> PickAssistantAsync(DialogTurn turn, CancellationToken cancellationToken)
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
        if (named.Count == 1)
        {
            turn.Slots["assistant"] = named[0].UserId;
            turn.Slots["assistant:display"] = named[0].Name;
            return ActionResult.Next;
        }

        turn.Slots["_choices"] = string.Join('\n', assistants.Select(a => $"{a.UserId}|{a.Name}"));
        turn.Slots["assistant_list"] = string.Join('\n', assistants.Select((a, i) => $"{i + 1}. {a.Name}"));
        return ActionResult.Next;
    }

    private static Task<ActionResult> ReassignAsync(DialogTurn turn, CancellationToken cancellationToken) => CaseActions.GuardAsync(turn, async () =>
    {
        var updated = await turn.Services.Cases.Supervision.ReassignAsync(turn.Operation, CaseId(turn), turn.Slot("assistant")!, cancellationToken);
        turn.Say("case_reassigned", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? updated.ReferenceNo,
            ["assistant"] = turn.Slot("assistant:display") ?? turn.Slot("assistant")!,
        });
    });

    private static Task<ActionResult> SuperviseAsync(DialogTurn turn, CancellationToken cancellationToken) => CaseActions.GuardAsync(turn, async () =>
    {
        var assistant = await turn.Services.Cases.Supervision.SuperviseAsync(turn.Operation, CaseId(turn), turn.Slot("note"), cancellationToken);
        turn.Say("case_supervised", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? "",
            ["assistant"] = assistant.Name,
        });
    });

    private static long CaseId(DialogTurn turn) => long.Parse(turn.Slot("case")!, CultureInfo.InvariantCulture);
}
