using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// The recognizer and the knowledge index a turn uses: built from dialogs/ at start, and rebuilt with what supervisors
/// have taught (learned_phrasings) whenever that grows, then swapped in whole, so a turn sees one or the other, never a mix.
/// </summary>
public sealed class RecognitionModel
{
    private readonly RecognitionContent _content;
    private readonly KnowledgeBase _knowledge;
    private readonly TimeProvider _time;
    private readonly Lock _rebuild = new();
    private volatile Snapshot _current;

    public RecognitionModel(RecognitionContent content, IntentRecognizer recognizer, KnowledgeIndex knowledge, TimeProvider time)
    {
        _content = content;
        _knowledge = knowledge.Knowledge;
        _time = time;
        _current = new Snapshot(recognizer, knowledge, 0);
    }

    public IntentRecognizer Recognizer => _current.Recognizer;

    public KnowledgeIndex Knowledge => _current.Knowledge;

    /// <summary>The id of the last learned phrasing built in (0: the shipped content only).</summary>
    public long Version => _current.Version;

    /// <summary>Rebuilds with every learned phrasing, unless a build at least as recent is in place already.</summary>
    public void Learn(IReadOnlyList<LearnedPhrasing> learned)
    {
        var version = learned.Count == 0 ? 0 : learned.Max(l => l.Id);
        lock (_rebuild)
        {
            if (version <= _current.Version)
            {
                return;
            }

            var paraphrases = learned.Where(l => l.Kind == LearnedPhrasing.Kinds.Knowledge).ToLookup(l => l.Target, l => l.Text, StringComparer.Ordinal);
            var knowledge = new KnowledgeBase([.. _knowledge.Entries.Select(e => paraphrases[e.Id].Any() ? e with { Paraphrases = [.. e.Paraphrases, .. paraphrases[e.Id]] } : e)]) { Vocabulary = _knowledge.Vocabulary };
            var content = _content with { Knowledge = knowledge };
            var recognizer = IntentRecognizer.WithTaught(content, _time, [.. learned.Where(l => l.Kind == LearnedPhrasing.Kinds.Intent).Select(l => (l.Text, l.Target))]);
            _current = new Snapshot(recognizer, new KnowledgeIndex(knowledge, recognizer.Gazetteer, recognizer.Settings), version);
        }
    }

    private sealed record Snapshot(IntentRecognizer Recognizer, KnowledgeIndex Knowledge, long Version);
}
