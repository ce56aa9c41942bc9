using HelpAgency.Core.Content;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// The thresholds of dialogs/bot.yaml, section "recognition": accept a top intent at or above
/// <see cref="AcceptThreshold"/> with a lead of <see cref="Margin"/>; between <see cref="ClarifyThreshold"/>
/// and that, ask which of the top two was meant; below, fall back.
/// </summary>
public sealed record RecognitionSettings
{
    public const string FileName = "bot.yaml";

    public double AcceptThreshold { get; init; } = 0.5;

    public double ClarifyThreshold { get; init; } = 0.15;

    /// <summary>How far the top intent must lead the runner-up to be accepted without a question.</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>Below this share of known 2- and 3-grams a text is out of scope, whatever the scores say.</summary>
    public double MinCoverage { get; init; } = 0.1;

    /// <summary>A knowledge entry this similar to the question answers it, unless a rule or a task intent (not a question) took the message.</summary>
    public double KnowledgeStrong { get; init; } = 0.5;

    /// <summary>A knowledge entry this similar answers a question the intents were unsure of or took for out of scope.</summary>
    public double KnowledgeWeak { get; init; } = 0.28;

    /// <summary>
    /// The classifier's probability of its knowledge class (<see cref="RecognitionResult.Knowledge"/>) at which a question
    /// is taken for a factual one: the closest entry answers it if it is at least <see cref="KnowledgeFloor"/> similar.
    /// </summary>
    public double KnowledgeLikely { get; init; } = 0.5;

    /// <summary>How similar the closest entry must be to answer a question the classifier takes for a factual one.</summary>
    public double KnowledgeFloor { get; init; } = 0.15;

    /// <summary>
    /// The classifier's probability of its knowledge class at which a question is taken for a factual one even when it
    /// names an item whose card could answer a 找谁办 or 如何办 question ("竣工验收合格以后多少天之内要去备案").
    /// </summary>
    public double KnowledgeCertain { get; init; } = 1;

    /// <summary>Aspects of a question about one's own case and the words that ask for each, in the order they are tried.</summary>
    public IReadOnlyList<(string Aspect, IReadOnlyList<string> Words)> CaseAspects { get; init; } = [];

    /// <summary>Words that make a question naming an item about the user's own case (现在, 我们的, 一直没).</summary>
    public IReadOnlyList<string> CaseMarkers { get; init; } = [];

    /// <summary>
    /// Words that ask about a rule or the service rather than the user's own case (能不能, 一般, 要不要, 你们能): a message
    /// with one of them is no case question unless it names one of the user's projects.
    /// </summary>
    public IReadOnlyList<string> RuleCues { get; init; } = [];

    /// <summary>
    /// Words that ask for one fact (几天, 多少个工作日, 什么意思): a message with one of them that the intents are unsure of
    /// is answered by the knowledge base like one the classifier takes for a factual question.
    /// </summary>
    public IReadOnlyList<string> FactualCues { get; init; } = [];

    /// <summary>
    /// The words by which a question asks for one aspect of an item (<see cref="Knowledge.KnowledgeAspects"/>: its time
    /// limit, fee, department or materials), as the normalizer leaves them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AspectCues { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>The aspects <paramref name="normalized"/> asks for, by <see cref="AspectCues"/>.</summary>
    public IEnumerable<string> AspectsAsked(string normalized) =>
        AspectCues.Where(a => Mentions(normalized, a.Value)).Select(a => a.Key);

    /// <summary>Whether <paramref name="normalized"/> asks for one fact: a word of <see cref="FactualCues"/>, or one asking for a time limit or a fee.</summary>
    public bool AsksForFact(string normalized) =>
        Mentions(normalized, FactualCues)
        || AspectsAsked(normalized).Any(a => a is Knowledge.KnowledgeAspects.TimeLimit or Knowledge.KnowledgeAspects.Fee);

    /// <summary>
    /// Words that ask for the rule of a "do I need it" question itself (什么规模, 标准是): its rules are stated instead
    /// of asking for the project's figures.
    /// </summary>
    public IReadOnlyList<string> ThresholdCues { get; init; } = [];

    /// <summary>
    /// Words of a question about a step on an item (重新报审, 变更, 延期, 当场出批复) rather than whether the item applies:
    /// such a question is no "do I need it" question unless it gives a fact the condition reads.
    /// </summary>
    public IReadOnlyList<string> ProcedureCues { get; init; } = [];

    /// <summary>Whether <paramref name="normalized"/> asks about a step on an item (<see cref="ProcedureCues"/>).</summary>
    public bool AsksAboutProcedure(string normalized) => Mentions(normalized, ProcedureCues);

    /// <summary>Whether <paramref name="normalized"/> asks for the rule of a "do I need it" question itself (<see cref="ThresholdCues"/>).</summary>
    public bool AsksForThreshold(string normalized) => Mentions(normalized, ThresholdCues);

    /// <summary>Whether <paramref name="normalized"/> holds one of <paramref name="words"/> (a cue list of these settings).</summary>
    public static bool Mentions(string normalized, IEnumerable<string> words) => words.Any(w => normalized.Contains(w, StringComparison.Ordinal));

    /// <summary>The intents a question about one's own case may be taken for before it goes to progress_query.</summary>
    public IReadOnlySet<string> CaseIntents { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The two intents offered when a text names only a catalog topic, e.g. "施工许可".</summary>
    public IReadOnlyList<string> BareTopicCandidates { get; init; } = [IntentNames.HowToProceed, IntentNames.ProgressQuery];

    /// <summary>Reads the "recognition" section of bot.yaml; the file's other sections belong to the dialogs.</summary>
    public static RecognitionSettings Load(string path)
    {
        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var top = RecognitionYaml.Entries(file, root, "bot settings");
        if (!top.TryGetValue("recognition", out var node))
        {
            return new RecognitionSettings();
        }

        var section = RecognitionYaml.Mapping(file, node, "recognition");
        var entries = RecognitionYaml.Entries(file, section, "recognition", "accept_threshold", "clarify_threshold", "margin", "min_coverage", "bare_topic_candidates", "knowledge_strong", "knowledge_weak", "knowledge_likely", "knowledge_floor", "knowledge_certain", "case_aspects", "case_intents", "case_markers", "rule_cues", "factual_cues", "aspect_cues", "threshold_cues", "procedure_cues");
        var defaults = new RecognitionSettings();
        var settings = new RecognitionSettings
        {
            AcceptThreshold = Read(entries, "accept_threshold", defaults.AcceptThreshold),
            ClarifyThreshold = Read(entries, "clarify_threshold", defaults.ClarifyThreshold),
            Margin = Read(entries, "margin", defaults.Margin),
            MinCoverage = Read(entries, "min_coverage", defaults.MinCoverage),
            KnowledgeStrong = Read(entries, "knowledge_strong", defaults.KnowledgeStrong),
            KnowledgeWeak = Read(entries, "knowledge_weak", defaults.KnowledgeWeak),
            KnowledgeLikely = Read(entries, "knowledge_likely", defaults.KnowledgeLikely),
            KnowledgeFloor = Read(entries, "knowledge_floor", defaults.KnowledgeFloor),
            KnowledgeCertain = Read(entries, "knowledge_certain", defaults.KnowledgeCertain),
            CaseAspects = entries.ContainsKey("case_aspects") ? [.. WordLists("case_aspects").Select(p => (p.Key, p.Value))] : defaults.CaseAspects,
            CaseMarkers = Words("case_markers", defaults.CaseMarkers),
            FactualCues = Words("factual_cues", defaults.FactualCues),
            AspectCues = entries.ContainsKey("aspect_cues")
                ? WordLists("aspect_cues", [.. Knowledge.KnowledgeAspects.All]).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : defaults.AspectCues,
            ThresholdCues = Words("threshold_cues", defaults.ThresholdCues),
            ProcedureCues = Words("procedure_cues", defaults.ProcedureCues),
            RuleCues = Words("rule_cues", defaults.RuleCues),
            CaseIntents = entries.TryGetValue("case_intents", out var caseIntents)
                ? RecognitionYaml.Texts(file, caseIntents, "recognition.case_intents").Select(t => Known(t.Text, t.Line)).ToHashSet(StringComparer.Ordinal)
                : defaults.CaseIntents,
            BareTopicCandidates = entries.TryGetValue("bare_topic_candidates", out var bare)
                ? [.. RecognitionYaml.Texts(file, bare, "recognition.bare_topic_candidates").Select(t => Known(t.Text, t.Line))]
                : defaults.BareTopicCandidates,
        };
        if (settings.ClarifyThreshold > settings.AcceptThreshold)
        {
            throw new ContentException(file, section.Start.Line, "recognition: clarify_threshold must not be above accept_threshold");
        }

        return settings;

        string Known(string intent, long line) => IntentNames.All.Contains(intent)
            ? intent
            : throw new ContentException(file, line, $"recognition.bare_topic_candidates: unknown intent '{intent}'");

        // A list of words under recognition.<key>, or the fallback when the key is absent.
        IReadOnlyList<string> Words(string key, IReadOnlyList<string> fallback) =>
            entries.TryGetValue(key, out var node) ? [.. RecognitionYaml.Texts(file, node, $"recognition.{key}").Select(t => t.Text)] : fallback;

        // Named word lists under recognition.<key> (its names among allowed, when given), in the file's order.
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> WordLists(string key, params string[] allowed) =>
            RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, entries[key], $"recognition.{key}"), $"recognition.{key}", allowed)
                .Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<string>)[.. RecognitionYaml.Texts(file, p.Value, $"recognition.{key}.{p.Key}").Select(t => t.Text)]));

        double Read(Dictionary<string, YamlDotNet.RepresentationModel.YamlNode> values, string key, double fallback) =>
            values.TryGetValue(key, out var value) ? RecognitionYaml.Number(file, value, $"recognition.{key}", 0, 1) : fallback;
    }
}
