namespace HelpAgency.Core.Recognition;

/// <summary>
/// A recognised text in Rasa's shape (text, intent, entities, intent_ranking) plus what to do with it:
/// <see cref="Decision"/>, and for <see cref="RecognitionDecision.Clarify"/> the two <see cref="Candidates"/> to offer.
/// On fallback <see cref="Intent"/> is out_of_scope, as Rasa's fallback classifier reports nlu_fallback.
/// </summary>
public sealed record RecognitionResult(
    string Text,
    IntentScore Intent,
    IReadOnlyList<RecognizedEntity> Entities,
    IReadOnlyList<IntentScore> Ranking,
    RecognitionDecision Decision,
    IReadOnlyList<IntentScore> Candidates,
    bool ByRule)
{
    /// <summary>
    /// How likely the text is a factual question for the knowledge base rather than any intent (0 to 1): the classifier's
    /// probability of its knowledge class, which the ranking leaves out (the intents' confidences share the rest, rescaled to 1).
    /// </summary>
    public double Knowledge { get; init; }

    /// <summary>The text as the recognizer normalised it (simplified characters, 啥 → 什么, no modal particles).</summary>
    public string Normalized { get; init; } = "";

    /// <summary>For a question about the user's own case, the aspect it asks about (department, overdue, remaining, next, contact).</summary>
    public string? CaseAspect { get; init; }

    /// <summary>The first entity of a kind, e.g. "item", or null.</summary>
    public RecognizedEntity? Entity(string entity) => Entities.FirstOrDefault(e => e.Entity == entity);
}
