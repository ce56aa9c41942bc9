namespace HelpAgency.Core.Knowledge;

/// <summary>
/// One fact of dialogs/knowledge/*.yaml: the question and how else people ask it, a short markdown answer,
/// the catalog items and stages it concerns, where the fact comes from and how sure it is.
/// </summary>
public sealed record KnowledgeEntry(
    string Id,
    string Question,
    IReadOnlyList<string> Paraphrases,
    string Answer,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Stages,
    string Source,
    Certainty Certainty,
    string File,
    long Line)
{
    /// <summary>The question and its paraphrases: every text retrieval matches against.</summary>
    public IEnumerable<string> Phrasings => Paraphrases.Prepend(Question);

    /// <summary>
    /// What of its items the answer gives (<see cref="KnowledgeAspects"/>: time_limit, fee, department,
    /// materials): among close entries about the same item, a question asking for one of them prefers the entry that gives it.
    /// </summary>
    public IReadOnlyList<string> Aspects { get; init; } = [];
}
