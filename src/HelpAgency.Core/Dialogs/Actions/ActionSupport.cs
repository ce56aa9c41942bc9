using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Content;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>What the actions share: running a case operation with its refusal said politely, and reading the chosen case.</summary>
internal static class ActionSupport
{
    /// <summary>Runs a case operation; its refusal (a <see cref="CaseOperationException"/>) is said to the user, changes nothing, and ends the flow.</summary>
    public static async Task<ActionResult> GuardAsync(DialogTurn turn, Func<Task> operation)
    {
        try
        {
            await operation();
            return ActionResult.Next;
        }
        catch (CaseOperationException ex)
        {
            turn.SayText(ex.Message);
            return ActionResult.Finish;
        }
    }

    /// <summary>
    /// Runs a check of an answer (a case operation that changes nothing); its refusal is said and the answer asked for again:
    /// the form goes back to the step collecting <paramref name="slot"/>, whose id is the slot's name.
    /// </summary>
    public static async Task<ActionResult> AskAgainUnlessAsync(DialogTurn turn, string slot, Func<Task> check)
    {
        try
        {
            await check();
            return ActionResult.Next;
        }
        catch (CaseOperationException ex)
        {
            turn.SayText(ex.Message);
            turn.Slots.Remove(slot);
            turn.Slots.Remove(slot + ":display");
            return ActionResult.Jump(slot);
        }
    }

    /// <summary>The case the flow picked (slot "case").</summary>
    public static long CaseId(DialogTurn turn) => long.Parse(turn.Slot("case")!, CultureInfo.InvariantCulture);

    /// <summary>A reply template filled with <paramref name="values"/>, its variation chosen by the conversation's version.</summary>
    public static string Render(DialogTurn turn, string key, params (string Key, string Value)[] values) =>
        turn.Services.Render(key, ReplyTemplates.Values(values), turn.Turn.Conversation.Version);

    /// <summary>Names joined as a list is written ("甲、乙、丙").</summary>
    public static string JoinList(DialogTurn turn, IEnumerable<string> names) => string.Join(turn.Services.Replies.Get("case.list_separator"), names);

    /// <summary>
    /// Offers a choice: the <paramref name="chosen"/> option, or with <paramref name="takeOnly"/> the only one, fills
    /// <paramref name="slot"/> and its display at once; otherwise the options become a numbered list (<paramref name="listSlot"/>)
    /// and "_choices", which the "choice" validator reads.
    /// </summary>
    public static void Offer(DialogTurn turn, string slot, string listSlot, IReadOnlyList<(string Id, string Label)> options, (string Id, string Label)? chosen = null, bool takeOnly = true)
    {
        if ((chosen ?? (takeOnly && options.Count == 1 ? options[0] : null)) is { } one)
        {
            turn.Slots[slot] = one.Id;
            turn.Slots[slot + ":display"] = one.Label;
            return;
        }

        turn.Slots["_choices"] = string.Join('\n', options.Select(o => $"{o.Id}|{o.Label}"));
        turn.Slots[listSlot] = string.Join('\n', options.Select((o, i) => $"{i + 1}. {o.Label}"));
    }

    /// <summary>A number as the templates show it.</summary>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
