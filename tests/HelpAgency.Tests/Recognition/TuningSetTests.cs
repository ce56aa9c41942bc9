using System.Globalization;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Tests.Recognition;

/// <summary>
/// The tuning (development) set of Tuning/tuning.yaml: realistic questions, labelled like the held-out set, on which
/// thresholds are chosen and weaknesses found, so that the held-out set (HeldOut/heldout.yaml, heldout.tsv) stays
/// unseen by whoever tunes. These tests keep the labels honest (known intents, entries, items) and the set apart from
/// both the training content and the held-out questions; one prints how the bot routes the set, without a floor.
/// </summary>
public sealed class TuningSetTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    private const string Knowledge = "knowledge";
    private const string NeedCheck = "need_check";

    private static readonly string[] Aspects = ["department", "overdue", "remaining", "next", "contact"];
    private static readonly string[] Roles = ["contact", "assistant", "supervisor"];
    private static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "光谷生物城研发楼项目"]);

    private static string TuningPath => Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", "Tuning", "tuning.yaml");

    private static string HeldOutPath => Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", "HeldOut", "heldout.yaml");

    [Fact]
    public void The_set_is_large_and_spread_over_every_intent()
    {
        var questions = Load(TuningPath);
        var perIntent = questions.GroupBy(q => q.Intent).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var staff = IntentNames.Staff.Append(IntentNames.CompleteAction).ToHashSet(StringComparer.Ordinal);

        Assert.True(questions.Count >= 320, $"{questions.Count} questions, expected at least 320");
        Assert.True(perIntent.GetValueOrDefault(Knowledge) >= 90, $"{perIntent.GetValueOrDefault(Knowledge)} knowledge questions");
        Assert.True(perIntent.GetValueOrDefault(NeedCheck) >= 35, $"{perIntent.GetValueOrDefault(NeedCheck)} need_check questions");
        Assert.True(perIntent.GetValueOrDefault(IntentNames.ProgressQuery) >= 35, $"{perIntent.GetValueOrDefault(IntentNames.ProgressQuery)} progress questions");
        Assert.True(perIntent.GetValueOrDefault(IntentNames.OutOfScope) >= 15, $"{perIntent.GetValueOrDefault(IntentNames.OutOfScope)} out-of-scope questions");
        Assert.True(questions.Where(q => q.Entry is not null).Select(q => q.Entry).Distinct(StringComparer.Ordinal).Count() >= 60, "fewer than 60 distinct knowledge entries");
        foreach (var aspect in Aspects)
        {
            Assert.True(questions.Count(q => q.Aspect == aspect) >= 5, $"fewer than 5 progress questions about {aspect}");
        }

        foreach (var intent in IntentNames.All.Where(i => i != IntentNames.OutOfScope))
        {
            var least = staff.Contains(intent) ? 4 : 6;
            Assert.True(perIntent.GetValueOrDefault(intent) >= least, $"{intent}: {perIntent.GetValueOrDefault(intent)} questions, expected at least {least}");
        }
    }

    [Fact]
    public void Every_label_names_a_known_intent_entry_item_aspect_and_role()
    {
        var knowledge = KnowledgeBase.Load(Path.Combine(RepositoryRoot.Dialogs, KnowledgeBase.Folder), CatalogCodes.From(fixture.Content.Gazetteer));
        var items = CatalogCodes.From(fixture.Content.Gazetteer).Items;
        var intents = fixture.Content.Intents.Intents.Select(i => i.Name).Concat(IntentNames.All).Append(Knowledge).Append(NeedCheck)
            .ToHashSet(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var q in Load(TuningPath))
        {
            if (string.IsNullOrWhiteSpace(q.Text))
            {
                errors.Add("a question without text");
                continue;
            }

            if (!intents.Contains(q.Intent))
            {
                errors.Add($"{q.Text}: unknown intent {q.Intent}");
            }

            if (q.Intent == Knowledge && q.Entry is null)
            {
                errors.Add($"{q.Text}: a knowledge question without an entry");
            }

            if (q.Entry is not null && (q.Intent != Knowledge || knowledge.Find(q.Entry) is null))
            {
                errors.Add($"{q.Text}: entry {q.Entry} is not a knowledge entry, or the question is not labelled knowledge");
            }

            if (q.Intent == NeedCheck && q.Item is null)
            {
                errors.Add($"{q.Text}: a need_check question names no item");
            }

            if (q.Item is not null && !items.Contains(q.Item))
            {
                errors.Add($"{q.Text}: unknown catalog item {q.Item}");
            }

            if (q.Aspect is not null && (q.Intent != IntentNames.ProgressQuery || !Aspects.Contains(q.Aspect)))
            {
                errors.Add($"{q.Text}: aspect {q.Aspect} is not one of {string.Join('|', Aspects)} on a progress_query");
            }

            if (q.Role is not null && !Roles.Contains(q.Role))
            {
                errors.Add($"{q.Text}: unknown role {q.Role}");
            }

            if (IntentNames.Staff.Contains(q.Intent) && q.Role is not ("assistant" or "supervisor"))
            {
                errors.Add($"{q.Text}: a staff intent typed by a {q.Role ?? "contact"}");
            }
        }

        Assert.True(errors.Count == 0, "tuning.yaml labels:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void No_tuning_question_is_a_training_phrasing_a_held_out_question_or_a_repeat()
    {
        var normalizer = fixture.Content.Normalizer;
        string Normal(string text) => normalizer.Normalize(text).Text;
        var catalog = CatalogCodes.From(fixture.Content.Gazetteer);
        var knowledge = KnowledgeBase.Load(Path.Combine(RepositoryRoot.Dialogs, KnowledgeBase.Folder), catalog);
        var conditions = ConditionSet.Load(Path.Combine(RepositoryRoot.Dialogs, ConditionSet.FileName), catalog);
        var training = fixture.Content.Intents.Intents.SelectMany(i => i.Examples.Concat(i.NegativeExamples))
            .Concat(knowledge.Entries.SelectMany(e => e.Phrasings))
            .Concat(conditions.Conditions.SelectMany(c => c.Paraphrases.Prepend(c.Question)))
            .Select(Normal)
            .ToHashSet(StringComparer.Ordinal);
        // The held-out questions are read here only to keep the two sets apart; they are not for tuning.
        var heldOut = Load(HeldOutPath).Select(q => q.Text).Concat(HeldOutSet.Load().Select(r => r.Text))
            .Select(Normal)
            .ToHashSet(StringComparer.Ordinal);

        var questions = Load(TuningPath);
        var inTraining = questions.Where(q => training.Contains(Normal(q.Text))).Select(q => q.Text).ToList();
        var inHeldOut = questions.Where(q => heldOut.Contains(Normal(q.Text))).Select(q => q.Text).ToList();
        var repeated = questions.GroupBy(q => Normal(q.Text), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.First().Text).ToList();

        Assert.True(inTraining.Count == 0, "tuning questions found in the training content:\n" + string.Join('\n', inTraining));
        Assert.True(inHeldOut.Count == 0, "tuning questions found in the held-out set:\n" + string.Join('\n', inHeldOut));
        Assert.True(repeated.Count == 0, "tuning questions repeated:\n" + string.Join('\n', repeated));
    }

    /// <summary>
    /// The routing thresholds of bot.yaml (knowledge_likely, knowledge_floor, knowledge_strong, knowledge_weak) are chosen
    /// on this set: a sweep over them finds no setting more than half a point better than the shipped one. Prints the
    /// shipped setting's report and the best settings of the sweep.
    /// </summary>
    [Fact]
    public void The_routing_thresholds_of_bot_yaml_are_the_best_of_a_sweep_on_the_tuning_set()
    {
        var evaluation = new RoutingEvaluation(fixture);
        var observations = evaluation.Prepare(RoutingEvaluation.Load("Tuning", "tuning.yaml"));
        var shipped = fixture.Recognizer.Settings;
        var report = evaluation.Evaluate(observations, shipped);
        var sweep = new List<(double Accuracy, RecognitionSettings Settings)>();
        foreach (var likely in Steps(0.3, 0.9, 0.05))
        {
            foreach (var floor in Steps(0.0, 0.4, 0.05))
            {
                foreach (var strong in Steps(0.4, 1.0, 0.1))
                {
                    foreach (var weak in Steps(0.15, 0.7, 0.05))
                    {
                        var settings = shipped with { KnowledgeLikely = likely, KnowledgeFloor = floor, KnowledgeStrong = strong, KnowledgeWeak = weak };
                        sweep.Add((evaluation.Evaluate(observations, settings).IntentAccuracy, settings));
                    }
                }
            }
        }

        var best = sweep.OrderByDescending(s => s.Accuracy).ToList();
        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        output.WriteLine("Best of the sweep (accuracy: likely floor strong weak):");
        foreach (var (accuracy, s) in best.Take(10))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {accuracy:P1}: {s.KnowledgeLikely:0.00} {s.KnowledgeFloor:0.00} {s.KnowledgeStrong:0.00} {s.KnowledgeWeak:0.00}"));
        }

        Assert.True(report.IntentAccuracy >= best[0].Accuracy - 0.005,
            $"bot.yaml's thresholds reach {report.IntentAccuracy:P1} on the tuning set, the sweep's best {best[0].Accuracy:P1}");
    }

    private static IEnumerable<double> Steps(double from, double to, double step)
    {
        for (var value = from; value <= to + 1e-9; value += step)
        {
            yield return Math.Round(value, 2);
        }
    }

    private static List<Question> Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root.Children[new YamlScalarNode("questions")]).Children.Cast<YamlMappingNode>().Select(m =>
        {
            string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            return new Question(Get("text") ?? "", Get("intent") ?? "", Get("entry"), Get("item"), Get("aspect"), Get("role"));
        })];
    }

    private sealed record Question(string Text, string Intent, string? Entry, string? Item, string? Aspect, string? Role);
}
