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
    /// <summary>The first entity of a kind, e.g. "item", or null.</summary>
    public RecognizedEntity? Entity(string entity) => Entities.FirstOrDefault(e => e.Entity == entity);
}
