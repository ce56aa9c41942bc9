using System.Globalization;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;
using HelpAgency.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Tests.Recognition;

/// <summary>A labelled question of a measurement set (HeldOut/heldout.yaml, Tuning/tuning.yaml).</summary>
public sealed record LabelledQuestion(string Text, string Intent, string? Item, string? Entry, UserRole Role = UserRole.Contact);

/// <summary>
/// Routes labelled questions the way <see cref="Core.Dialogs.DialogBot"/> does (a "do I need it" condition first, then
/// <see cref="KnowledgeRouter.Route"/>, the bot's own decision, counting a clarifying question as its first candidate) for a
/// user with a case, and counts what came out right: per intent, the items named, the entries chosen.
/// </summary>
public sealed class RoutingEvaluation(RecognizerFixture fixture)
{
    public static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "光谷生物城研发楼项目"]);

    private readonly KnowledgeIndex _index = new(fixture.Content.Knowledge, fixture.Recognizer.Gazetteer, fixture.Recognizer.Settings);
    private readonly ConditionAnswerer _conditions = new(
        ConditionSet.Load(Path.Combine(RepositoryRoot.Dialogs, ConditionSet.FileName), CatalogCodes.From(fixture.Content.Gazetteer)),
        fixture.Recognizer.Gazetteer,
        fixture.Recognizer.Settings);

    /// <summary>The intents closed to each role by the shipped flows, as <see cref="Core.Dialogs.DialogBot"/> passes them.</summary>
    private static readonly IReadOnlyList<FlowDefinition> Flows = FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder));

    private static readonly Dictionary<UserRole, RecognitionContext> Contexts = Enum.GetValues<UserRole>().ToDictionary(
        r => r, r => Projects with { Closed = DialogContent.ClosedIntents(Flows, r), Refused = DialogContent.RefusedIntents(Flows, r) });

    /// <summary>What the recognizer knows of a labelled question's asker: the projects of <see cref="Projects"/> and their role.</summary>
    public static RecognitionContext ContextOf(LabelledQuestion question) => Contexts[question.Role];

    public static IReadOnlyList<LabelledQuestion> Load(params string[] path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine([RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", .. path])))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root.Children[new YamlScalarNode("questions")]).Children.Cast<YamlMappingNode>().Select(m =>
        {
            string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            return new LabelledQuestion(Get("text")!, Get("intent")!, Get("item"), Get("entry"), Enum.Parse<UserRole>(Get("role") ?? "contact", ignoreCase: true));
        })];
    }

    /// <summary>What the routing makes of <paramref name="questions"/> with <paramref name="settings"/> (the shipped ones by default).</summary>
    public Report Evaluate(IReadOnlyList<LabelledQuestion> questions, RecognitionSettings? settings = null) => Evaluate(Prepare(questions), settings);

    /// <summary>What does not depend on the routing thresholds, worked out once for a sweep over them.</summary>
    public IReadOnlyList<Observation> Prepare(IReadOnlyList<LabelledQuestion> questions) =>
    [
        .. questions.Select(q =>
        {
            var recognition = fixture.Recognizer.Recognize(q.Text, ContextOf(q));
            var hits = _index.Search(q.Text);
            return new Observation(q, recognition, hits,
                _conditions.Match(q.Text, recognition, hits.Count > 0 ? hits[0].Score : 0), _conditions.Match(q.Text, recognition));
        }),
    ];

    /// <summary>Routes prepared questions as <see cref="Core.Dialogs.DialogBot"/> does with <paramref name="settings"/>.</summary>
    public Report Evaluate(IReadOnlyList<Observation> observations, RecognitionSettings? settings = null)
    {
        settings ??= fixture.Recognizer.Settings;
        var report = new Report();
        foreach (var o in observations)
        {
            var q = o.Question;
            var recognition = CaseQuestions.Route(o.Recognition, hasCase: true, settings);
            var hits = KnowledgeRouter.Searches(recognition, q.Text, settings, hasCase: true) ? o.Hits : [];
            var condition = ReferenceEquals(recognition, o.Recognition) ? (hits.Count > 0 ? o.ConditionWithHits : o.ConditionAlone) : null;
            var route = condition is null ? KnowledgeRouter.Route(recognition, hits, settings, hasCase: true, followUp: false) : null;
            var entry = (route as QuestionRoute.Entry)?.Answer;
            var predicted = route switch
            {
                null => "need_check",
                QuestionRoute.Entry => IntentNames.Knowledge,
                QuestionRoute.Intent intent => intent.Name,
                QuestionRoute.Clarify clarify => clarify.First,
                _ => IntentNames.OutOfScope,
            };
            var right = predicted == q.Intent;
            var (r, t) = report.PerIntent.GetValueOrDefault(q.Intent);
            report.PerIntent[q.Intent] = (r + (right ? 1 : 0), t + 1);
            if (!right)
            {
                var key = $"{q.Intent} → {predicted}";
                report.Confusion[key] = report.Confusion.GetValueOrDefault(key) + 1;
                var asCase = ReferenceEquals(recognition, o.Recognition) ? "" : "case from ";
                report.Misses.Add($"  {q.Text} — {q.Intent}, got {predicted}{(entry is null ? "" : $" ({entry.Id})")} [{asCase}{o.Recognition.Decision} {o.Recognition.Intent.Name} {o.Recognition.Intent.Confidence:0.00}; k {o.Recognition.Knowledge:0.00}; kb {(o.Hits.Count > 0 ? $"{o.Hits[0].Entry.Id} {o.Hits[0].Score:0.00}" : "-")}]");
            }

            if (q.Entry is not null)
            {
                report.Searched++;
                report.SearchedRight += o.Hits.Count > 0 && o.Hits[0].Entry.Id == q.Entry ? 1 : 0;
            }

            if (q.Entry is not null && right)
            {
                report.Entries++;
                report.EntriesRight += entry?.Id == q.Entry ? 1 : 0;
            }

            if (q.Item is not null)
            {
                report.Items++;
                if (recognition.Entities.Any(e => e.Entity == "item" && e.Value == q.Item))
                {
                    report.ItemsRight++;
                }
                else
                {
                    report.ItemMisses.Add($"  {q.Text} — {q.Item}, got {string.Join(",", recognition.Entities.Where(e => e.Entity is "item" or "stage").Select(e => $"{e.Entity}:{e.Value}"))}");
                }
            }
        }

        return report;
    }

    /// <summary>A question with what the recognizer, the knowledge index and the conditions made of it.</summary>
    public sealed record Observation(
        LabelledQuestion Question,
        RecognitionResult Recognition,
        IReadOnlyList<(KnowledgeEntry Entry, double Score)> Hits,
        ItemCondition? ConditionWithHits,
        ItemCondition? ConditionAlone);

    public sealed class Report
    {
        public SortedDictionary<string, (int Right, int Total)> PerIntent { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, int> Confusion { get; } = new(StringComparer.Ordinal);

        public List<string> Misses { get; } = [];

        public List<string> ItemMisses { get; } = [];

        public int Items { get; set; }

        public int ItemsRight { get; set; }

        public int Entries { get; set; }

        public int EntriesRight { get; set; }

        /// <summary>Knowledge questions, and those whose labelled entry the index ranks first whatever the routing.</summary>
        public int Searched { get; set; }

        public int SearchedRight { get; set; }

        public int Total => PerIntent.Values.Sum(v => v.Total);

        public double IntentAccuracy => (double)PerIntent.Values.Sum(v => v.Right) / Total;

        public double ItemAccuracy => Items == 0 ? 1 : (double)ItemsRight / Items;

        /// <summary>The headline, the per-intent table, the confusion table and every miss.</summary>
        public IEnumerable<string> Lines()
        {
            yield return $"intent accuracy {IntentAccuracy.ToString("P1", CultureInfo.InvariantCulture)} of {Total}; item accuracy {ItemAccuracy.ToString("P1", CultureInfo.InvariantCulture)} of {Items}; right entry {EntriesRight}/{Entries} of the knowledge questions routed to the knowledge base; entry ranked first {SearchedRight}/{Searched} of the knowledge questions";
            foreach (var (intent, (right, count)) in PerIntent)
            {
                yield return $"  {intent,-20} {right,3}/{count,-3} {((double)right / count).ToString("P0", CultureInfo.InvariantCulture)}";
            }

            yield return "Confusion (expected → routed, count):";
            foreach (var (pair, count) in Confusion.OrderByDescending(p => p.Value))
            {
                yield return $"  {pair}: {count}";
            }

            yield return "Misses:";
            foreach (var miss in Misses)
            {
                yield return miss;
            }

            yield return "Items missed:";
            foreach (var miss in ItemMisses)
            {
                yield return miss;
            }
        }
    }
}
