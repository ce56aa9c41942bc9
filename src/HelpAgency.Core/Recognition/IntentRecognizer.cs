namespace HelpAgency.Core.Recognition;

/// <summary>
/// Recognises what a user wants and what they named: normalisation, rules first, then a character n-gram
/// classifier with an explicit out_of_scope class, then the thresholds of bot.yaml; entities from the catalog,
/// the user's projects, dates, statuses, phone numbers and credit codes. Trained once when built; thread-safe.
/// </summary>
public sealed class IntentRecognizer
{
    /// <summary>How many intents <see cref="RecognitionResult.Ranking"/> lists at most.</summary>
    public const int RankingSize = 10;

    // Catalog names are replaced by one mark per kind before classifying, so "环评要什么材料" teaches the same as
    // "施工许可证要什么材料" and a name alone says nothing about the intent.
    private static readonly Dictionary<string, char> Masks = new(StringComparer.Ordinal)
    {
        ["item"] = '\uE001',
        ["stage"] = '\uE002',
        ["project_type"] = '\uE003',
    };

    private readonly TextNormalizer _normalizer;
    private readonly EntityGazetteer _gazetteer;
    private readonly ProjectMatcher _projects;
    private readonly IntentRule[] _rules;
    private readonly Dictionary<string, string> _taught;
    private readonly Dictionary<string, string> _exact;
    private readonly CharNGramClassifier _classifier;
    private readonly RecognitionSettings _settings;
    private readonly TimeProvider _time;

    public IntentRecognizer(RecognitionContent content, TimeProvider time, ClassifierSettings? training = null)
        : this(content, time, TrainingExamples(content), training)
    {
    }

    /// <summary>Builds a recognizer trained on <paramref name="examples"/> instead of the content's (for cross-validation).</summary>
    internal IntentRecognizer(RecognitionContent content, TimeProvider time, IReadOnlyList<(string Text, string Intent)> examples, ClassifierSettings? training = null, bool rulesEnabled = true)
        : this(content, time, examples, [], training, rulesEnabled)
    {
    }

    /// <summary>
    /// Builds a recognizer that also knows what supervisors taught: each <paramref name="taught"/> message (the text of a
    /// missed question and the intent it was given) trains the classifier like an example and is read as that intent
    /// outright when it comes again, whatever the rest of the training makes of it.
    /// </summary>
    public static IntentRecognizer WithTaught(RecognitionContent content, TimeProvider time, IReadOnlyList<(string Text, string Intent)> taught) =>
        new(content, time, [.. TrainingExamples(content), .. taught], taught);

    private IntentRecognizer(RecognitionContent content, TimeProvider time, IReadOnlyList<(string Text, string Intent)> examples, IReadOnlyList<(string Text, string Intent)> taught, ClassifierSettings? training = null, bool rulesEnabled = true)
    {
        ArgumentNullException.ThrowIfNull(content);
        _normalizer = content.Normalizer;
        _gazetteer = new EntityGazetteer(content.Gazetteer, content.Normalizer);
        _projects = new ProjectMatcher(content.Normalizer, content.ProjectGenericWords);
        _rules = rulesEnabled ? [.. content.Intents.Rules] : [];
        _settings = content.Settings;
        _time = time;
        _taught = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (taughtText, intent) in taught)
        {
            _taught[_normalizer.Normalize(taughtText).Text] = intent;
        }

        var normalizedExamples = examples.Select(e => (Text: _normalizer.Normalize(e.Text).Text, e.Intent)).ToList();
        // A message that is word for word an example of one intent (and of nothing else) is that intent; the classifier,
        // which generalises, may not reproduce every example it was given ("更新进度").
        _exact = normalizedExamples.GroupBy(e => e.Text, StringComparer.Ordinal)
            .Where(g => g.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Count() == 1 && g.First().Intent != IntentNames.Knowledge)
            .ToDictionary(g => g.Key, g => g.First().Intent, StringComparer.Ordinal);
        _classifier = CharNGramClassifier.Train([.. normalizedExamples.Select(e => (FeatureText(e.Text, null), e.Intent))], training);
    }

    private IntentRecognizer(IntentRecognizer trained, TimeProvider time)
    {
        _normalizer = trained._normalizer;
        _gazetteer = trained._gazetteer;
        _projects = trained._projects;
        _rules = trained._rules;
        _taught = trained._taught;
        _exact = trained._exact;
        _settings = trained._settings;
        _classifier = trained._classifier;
        _time = time;
    }

    public RecognitionSettings Settings => _settings;

    /// <summary>
    /// This recognizer, trained as it is, reading relative dates (明天, 下周一) on <paramref name="time"/>: several hosts
    /// in one process, each on its own clock, share one training.
    /// </summary>
    public IntentRecognizer OnClock(TimeProvider time) => new(this, time);

    public EntityGazetteer Gazetteer => _gazetteer;

    public TextNormalizer Normalizer => _normalizer;

    /// <summary>Every intent's examples, and the negative examples as out_of_scope.</summary>
    public static IReadOnlyList<(string Text, string Intent)> TrainingExamples(IntentSet intents) =>
    [
        .. intents.Intents.SelectMany(i => i.Examples.Select(e => (e, i.Name))),
        .. intents.Intents.SelectMany(i => i.NegativeExamples.Select(e => (e, IntentNames.OutOfScope))),
    ];

    /// <summary>The intents' examples and every phrasing of the knowledge base as the knowledge class.</summary>
    public static IReadOnlyList<(string Text, string Intent)> TrainingExamples(RecognitionContent content) =>
    [
        .. TrainingExamples(content.Intents),
        .. content.Knowledge.Entries.SelectMany(e => e.Phrasings.Select(p => (p, IntentNames.Knowledge))),
    ];

    /// <summary>Recognises <paramref name="text"/>; <paramref name="context"/> names the projects the user may see.</summary>
    public RecognitionResult Recognize(string text, RecognitionContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = _normalizer.Normalize(text);
        var folded = _normalizer.Fold(text);
        var (entities, named) = FindEntities(normalized, folded, context ?? RecognitionContext.None);

        foreach (var rule in _rules)
        {
            if (rule.Pattern.IsMatch(normalized.Text))
            {
                return Outright(text, normalized.Text, entities, rule.Intent, RecognitionDecision.Accept, byRule: true);
            }
        }

        if (_taught.TryGetValue(normalized.Text, out var taught))
        {
            // A supervisor said what this very message means.
            return Outright(text, normalized.Text, entities, taught, RecognitionDecision.Accept, byRule: true);
        }

        if (_exact.TryGetValue(normalized.Text, out var exact) && context?.Closed?.Contains(exact) != true)
        {
            // One of the training examples, word for word: accepted as such (a negative example falls back), and open to
            // the case questions and the knowledge router like any accepted reading.
            return Outright(text, normalized.Text, entities, exact, exact == IntentNames.OutOfScope ? RecognitionDecision.Fallback : RecognitionDecision.Accept, byRule: false);
        }

        return Classify(text, FeatureText(normalized.Text, named), entities, context) with { Normalized = normalized.Text };
    }

    /// <summary>A reading decided without the classifier: <paramref name="intent"/> alone, sure.</summary>
    private static RecognitionResult Outright(string text, string normalized, IReadOnlyList<RecognizedEntity> entities, string intent, RecognitionDecision decision, bool byRule)
    {
        IntentScore[] ranking = [new(intent, 1.0)];
        return new RecognitionResult(text, ranking[0], entities, ranking, decision, [], byRule) { Normalized = normalized };
    }

    private RecognitionResult Classify(string text, string features, IReadOnlyList<RecognizedEntity> entities, RecognitionContext? context)
    {
        var labels = _classifier.Labels;
        Span<float> probabilities = stackalloc float[labels.Count];
        var coverage = features.Length == 0 ? 0 : _classifier.Predict(features, probabilities);

        // The knowledge class is no intent: its share is reported apart, and the intents share the rest.
        var knowledge = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            knowledge += labels[i] == IntentNames.Knowledge ? probabilities[i] : 0;
        }

        var rest = knowledge < 1 ? 1 - knowledge : 1;
        var ranking = new List<IntentScore>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] != IntentNames.Knowledge)
            {
                ranking.Add(new IntentScore(labels[i], Math.Round(probabilities[i] / rest, 4)));
            }
        }

        ranking.Sort(static (a, b) => b.Confidence.CompareTo(a.Confidence));
        if (context?.Closed is { Count: > 0 } closed && !(context.Refused?.Contains(ranking[0].Name) == true && IsAccepted(ranking)))
        {
            // An intent closed to the user's role is no reading of their message (a contact's "转接一下帮办专员" is no
            // reassignment, an assistant's "申请督办" no supervisor's order); the others keep their share, so an unsure
            // message stays unsure. A refused one the message plainly asks for stays, so the user hears it is not theirs.
            ranking.RemoveAll(r => closed.Contains(r.Name));
        }

        var top = ranking[0];
        var candidates = ranking.Where(r => r.Name != IntentNames.OutOfScope).Take(2).ToList();

        RecognitionDecision decision;
        if (IsBareTopic(features))
        {
            // "施工许可" alone: a topic, not a request; ask what about it rather than guess.
            decision = RecognitionDecision.Clarify;
            candidates = [.. _settings.BareTopicCandidates.Select(name => ranking.FirstOrDefault(r => r.Name == name) ?? new IntentScore(name, 0))];
            top = candidates[0];
        }
        else if (coverage < _settings.MinCoverage || top.Name == IntentNames.OutOfScope || top.Confidence < _settings.ClarifyThreshold)
        {
            decision = RecognitionDecision.Fallback;
        }
        else if (IsAccepted(ranking))
        {
            decision = RecognitionDecision.Accept;
        }
        else
        {
            decision = RecognitionDecision.Clarify;
        }

        if (decision == RecognitionDecision.Fallback)
        {
            // Like Rasa's nlu_fallback: out_of_scope goes first, as sure as the best intent is unsure.
            var confidence = top.Name == IntentNames.OutOfScope ? top.Confidence : Math.Round(1 - top.Confidence, 4);
            var fallback = new IntentScore(IntentNames.OutOfScope, confidence);
            ranking.RemoveAll(r => r.Name == IntentNames.OutOfScope);
            ranking.Insert(0, fallback);
            top = fallback;
            candidates = [];
        }
        else if (decision == RecognitionDecision.Accept)
        {
            candidates = [];
        }

        return new RecognitionResult(text, top, entities, ranking.Take(RankingSize).ToList(), decision, candidates, ByRule: false)
        {
            Knowledge = features.Length == 0 ? 0 : Math.Round(knowledge, 4),
        };
    }

    /// <summary>True when the first of a sorted ranking is sure enough, and far enough ahead of the second, to act on.</summary>
    private bool IsAccepted(List<IntentScore> ranking) =>
        ranking[0].Confidence >= _settings.AcceptThreshold && ranking[0].Confidence - (ranking.Count > 1 ? ranking[1].Confidence : 0) >= _settings.Margin;

    private static bool IsBareTopic(string features)
    {
        if (features.Length == 0)
        {
            return false;
        }

        foreach (var c in features)
        {
            if (!Masks.ContainsValue(c))
            {
                return false;
            }
        }

        return true;
    }

    private (IReadOnlyList<RecognizedEntity> Entities, List<EntitySpan> Named) FindEntities(NormalizedText normalized, string folded, RecognitionContext context)
    {
        var entities = new List<RecognizedEntity>();
        PatternEntities.Collect(folded, entities);
        ChineseDateTimeParser.Collect(folded, _time.GetUtcNow(), entities);

        var candidates = new List<EntitySpan>();
        _gazetteer.Collect(normalized.Text, candidates);
        if (context.Projects.Count > 0)
        {
            _projects.Collect(normalized.Text, context.Projects, candidates);
        }

        var named = EntitySpan.SelectNonOverlapping(candidates);
        var fixedCount = entities.Count;
        for (var i = named.Count - 1; i >= 0; i--)
        {
            var span = named[i];
            var (start, end) = normalized.ToOriginal(span.Start, span.End);
            var clashes = false;
            for (var j = 0; j < fixedCount; j++)
            {
                clashes |= start < entities[j].End && entities[j].Start < end;
            }

            if (clashes)
            {
                named.RemoveAt(i);
                continue;
            }

            entities.Add(new RecognizedEntity(span.Entity, span.Value, span.Name, start, end));
        }

        entities.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start)
            : a.Entity != b.Entity ? string.CompareOrdinal(a.Entity, b.Entity) : string.CompareOrdinal(a.Value, b.Value));
        return (entities, named);
    }

    /// <summary>The text the classifier sees: catalog names masked, digit runs as one "0".</summary>
    private string FeatureText(string normalized, List<EntitySpan>? named)
    {
        if (named is null)
        {
            var candidates = new List<EntitySpan>();
            _gazetteer.Collect(normalized, candidates);
            named = EntitySpan.SelectNonOverlapping(candidates);
        }

        var output = new System.Text.StringBuilder(normalized.Length);
        var next = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            while (next < named.Count && named[next].End <= i)
            {
                next++;
            }

            if (next < named.Count && named[next].Start <= i && Masks.TryGetValue(named[next].Entity, out var mask))
            {
                if (i == named[next].Start)
                {
                    output.Append(mask);
                }

                continue;
            }

            var c = normalized[i];
            if (char.IsAsciiDigit(c))
            {
                if (i == 0 || !char.IsAsciiDigit(normalized[i - 1]))
                {
                    output.Append('0');
                }

                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }
}
