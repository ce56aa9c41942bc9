namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Whether an item is needed, as data (dialogs/conditions.yaml): the facts it depends on, read from the question or
/// asked for, and rules tried in order; the first that holds decides, with its text and the source of the rule.
/// </summary>
public sealed record ItemCondition(
    string Id,
    string Item,
    string Question,
    IReadOnlyList<string> Paraphrases,
    IReadOnlyList<ConditionVariable> Variables,
    IReadOnlyList<ConditionRule> Rules,
    string Source,
    Certainty Certainty,
    string File,
    long Line);

/// <summary>A fact a condition depends on: its unit (万元, 平方米, 是/否, 用途 …) and the question that asks for it.</summary>
public sealed record ConditionVariable(string Name, string Unit, string Ask)
{
    /// <summary>
    /// The words a question states this fact in, longest first, each with the value it gives: for a 用途 fact the values
    /// the rules compare and other words for them (危化品仓库 → 危险品仓库); for a 是/否 fact its yes and no words
    /// (占用人行道 → 是, 不占道 → 否). Worked out once as conditions.yaml is read.
    /// </summary>
    public IReadOnlyList<(string Word, string Value)> Words { get; init; } = [];
}

/// <summary>
/// One rule of a condition: when it holds, the item is needed, not needed, or it depends, as the text says;
/// <see cref="Reason"/> is the short phrase a case plan shows for an item this rule keeps.
/// </summary>
public sealed record ConditionRule(ConditionExpression When, string Answer, string Text, string? Reason = null);
