namespace HelpAgency.Core.Recognition;

/// <summary>
/// One intent from dialogs/intents/: examples teach the classifier; negative examples are texts that look
/// alike but are not this intent (they are taught as out of scope); rules decide outright.
/// </summary>
public sealed record IntentDefinition(
    string Name,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> NegativeExamples,
    IReadOnlyList<IntentRule> Rules,
    string File,
    long Line)
{
    /// <summary>The line of each example, for messages.</summary>
    internal IReadOnlyList<long> ExampleLines { get; init; } = [];

    /// <summary>The line of each negative example, for messages.</summary>
    internal IReadOnlyList<long> NegativeLines { get; init; } = [];
}
