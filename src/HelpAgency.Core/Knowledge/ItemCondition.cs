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
    /// <summary>For a 用途 fact: a value the rules compare (危险品仓库) → other words people type for it (危化品仓库).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Synonyms { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>For a 是/否 fact: words by which a question states it holds (占用人行道, 划拨), read as 是.</summary>
    public IReadOnlyList<string> YesWords { get; init; } = [];

    /// <summary>For a 是/否 fact: words by which a question states it does not hold (民营, 招拍挂), read as 否.</summary>
    public IReadOnlyList<string> NoWords { get; init; } = [];
}

/// <summary>
/// One rule of a condition: when it holds, the item is needed, not needed, or it depends, as the text says;
/// <see cref="Reason"/> is the short phrase a case plan shows for an item this rule keeps.
/// </summary>
public sealed record ConditionRule(ConditionExpression When, string Answer, string Text, string? Reason = null);
