using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs;

/// <summary>What happens to a user waiting inside a flow whose definition changed since they entered it.</summary>
public enum FlowChangePolicy
{
    /// <summary>Carry on at the same step id if it still exists, else restart the flow.</summary>
    Continue,

    /// <summary>Start the flow again, keeping nothing.</summary>
    RestartFlow,

    /// <summary>End the flow with a polite notice.</summary>
    Cancel,
}

/// <summary>A flow from dialogs/flows: the steps a conversation takes for one intent.</summary>
public sealed record FlowDefinition(
    string Id,
    IReadOnlyList<string> Intents,
    IReadOnlySet<UserRole>? Roles,
    FlowChangePolicy OnChange,
    IReadOnlyList<FlowStep> Steps,
    string Hash,
    string File,
    long Line)
{
    /// <summary>
    /// What the flow is about (申请帮办: "帮办代办服务"), put before a question asked inside it ("要交钱吗") when the
    /// knowledge base is searched, so that the question is read about the flow's subject; null for none.
    /// </summary>
    public string? About { get; init; }

    public int IndexOf(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == stepId)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A step of a flow. Each has a stable id, so a user's saved position survives edits around it.</summary>
public abstract record FlowStep(string Id, string? Goto, long Line);

/// <summary>Ask for a slot until it validates, at most <see cref="MaxAttempts"/> times; skipped when the slot is already filled.</summary>
public sealed record CollectStep(string Id, string Slot, string Prompt, string Validator, string? Retry, int MaxAttempts, string? Goto, long Line)
    : FlowStep(Id, Goto, Line);

/// <summary>Say a reply template.</summary>
public sealed record SayStep(string Id, string Template, string? Goto, long Line) : FlowStep(Id, Goto, Line);

/// <summary>Run a named action (a case operation, an answer from data); the action may jump or end the flow.</summary>
public sealed record ActionStep(string Id, string Action, string? Goto, long Line) : FlowStep(Id, Goto, Line);

/// <summary>
/// Ask one answer of the form again (a field corrected at its summary): slot <see cref="From"/> names the slot; that
/// slot and <see cref="From"/> are emptied, the step collecting it asks again with its own prompt and validator, and
/// the flow then goes on at <see cref="FlowStep.Goto"/> instead of the steps after it. A slot no step collects goes straight there.
/// <see cref="Clear"/> names further slots emptied, so their questions are asked again on the way (the confirmation).
/// </summary>
public sealed record ReaskStep(string Id, string From, IReadOnlyList<string> Clear, string Goto, long Line) : FlowStep(Id, Goto, Line);

/// <summary>Jump on a slot's value: the first case whose slot equals the value (or is filled, when no value is given).</summary>
public sealed record BranchStep(string Id, IReadOnlyList<BranchCase> Cases, string? Else, long Line) : FlowStep(Id, null, Line);

public sealed record BranchCase(string Slot, string? EqualsValue, string Goto);

/// <summary>End the flow.</summary>
public sealed record EndStep(string Id, long Line) : FlowStep(Id, null, Line);
