using System.Globalization;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Tests.Recognition;

/// <summary>
/// The realistic held-out questions of HeldOut/heldout.yaml, written apart from the training content the way
/// enterprises ask (colloquial, abbreviations, numbers): what the recognizer and the knowledge base make of them,
/// per intent, with a confusion table. A question counts as right when the routing the bot would take matches its label.
/// </summary>
public sealed class RealisticQuestionsTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    /// <summary>
    /// What the suite reaches (2026-12-05: intents 73.9% of 510, items 84.4% of 212, the right entry for 83 of the 94
    /// knowledge questions routed to the knowledge base), as a floor a change must not fall below. The target is 90% on
    /// both; the gap is open work: free questions about one's own case, follow-ups, and retrieval that still misses colloquial wording.
    /// </summary>
    private const double IntentFloor = 0.70;
    private const double ItemFloor = 0.80;

    private static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "光谷生物城研发楼项目"]);

    [Fact]
    public void No_realistic_question_is_in_the_training_content()
    {
        var normalizer = fixture.Content.Normalizer;
        var knowledge = KnowledgeBase.Load(Path.Combine(RepositoryRoot.Dialogs, KnowledgeBase.Folder), CatalogCodes.From(fixture.Content.Gazetteer));
        var training = fixture.Content.Intents.Intents.SelectMany(i => i.Examples.Concat(i.NegativeExamples))
            .Concat(knowledge.Entries.SelectMany(e => e.Phrasings))
            .Select(t => normalizer.Normalize(t).Text)
            .ToHashSet(StringComparer.Ordinal);

        var copied = Questions().Where(q => training.Contains(normalizer.Normalize(q.Text).Text)).Select(q => q.Text).ToList();

        Assert.True(Questions().Count >= 400);
        Assert.True(copied.Count == 0, "held-out questions found in the training content:\n" + string.Join('\n', copied));
    }

    [Fact]
    public void Intent_and_item_accuracy_stay_above_their_floor_with_a_confusion_table()
    {
        var knowledge = KnowledgeBase.Load(Path.Combine(RepositoryRoot.Dialogs, KnowledgeBase.Folder), CatalogCodes.From(fixture.Content.Gazetteer));
        var index = new KnowledgeIndex(knowledge, fixture.Recognizer.Gazetteer);
        var settings = fixture.Recognizer.Settings;
        var conditions = new ConditionAnswerer(ConditionSet.Load(Path.Combine(RepositoryRoot.Dialogs, ConditionSet.FileName), CatalogCodes.From(fixture.Content.Gazetteer)), fixture.Recognizer.Gazetteer);
        var perIntent = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var confusion = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int items = 0, itemsRight = 0, entries = 0, entriesRight = 0;
        var misses = new List<string>();
        foreach (var q in Questions())
        {
            var recognition = fixture.Recognizer.Recognize(q.Text, Projects);
            var knowledgeHits = index.Search(q.Text);
            var condition = conditions.Match(q.Text, recognition, knowledgeHits.Count > 0 ? knowledgeHits[0].Score : 0);
            var entry = condition is null ? KnowledgeRouter.Decide(recognition, knowledgeHits, settings) : null;
            var predicted = condition is not null ? "need_check"
                : entry is not null ? "knowledge"
                : recognition.Decision == RecognitionDecision.Accept ? recognition.Intent.Name
                : recognition.Decision == RecognitionDecision.Clarify && recognition.Candidates.Count > 0 ? recognition.Candidates[0].Name
                : IntentNames.OutOfScope;
            var right = predicted == q.Intent;
            var (r, t) = perIntent.GetValueOrDefault(q.Intent);
            perIntent[q.Intent] = (r + (right ? 1 : 0), t + 1);
            if (!right)
            {
                var key = $"{q.Intent} → {predicted}";
                confusion[key] = confusion.GetValueOrDefault(key) + 1;
                var hits = index.Search(q.Text, 1);
                misses.Add($"  {q.Text} — {q.Intent}, got {predicted}{(entry is null ? "" : $" ({entry.Id})")} [{recognition.Decision} {recognition.Intent.Name} {recognition.Intent.Confidence:0.00}; kb {(hits.Count > 0 ? $"{hits[0].Entry.Id} {hits[0].Score:0.00}" : "-")}]");
            }

            if (q.Entry is not null && right)
            {
                entries++;
                entriesRight += entry?.Id == q.Entry ? 1 : 0;
            }

            if (q.Item is not null)
            {
                items++;
                itemsRight += recognition.Entities.Any(e => e.Entity == "item" && e.Value == q.Item) ? 1 : 0;
            }
        }

        var total = perIntent.Values.Sum(v => v.Total);
        var intentAccuracy = (double)perIntent.Values.Sum(v => v.Right) / total;
        var itemAccuracy = (double)itemsRight / items;
        output.WriteLine($"intent accuracy {intentAccuracy.ToString("P1", CultureInfo.InvariantCulture)} of {total}; item accuracy {itemAccuracy.ToString("P1", CultureInfo.InvariantCulture)} of {items}; right entry {entriesRight}/{entries} of the knowledge questions routed to the knowledge base");
        foreach (var (intent, (right, count)) in perIntent)
        {
            output.WriteLine($"  {intent,-20} {right,3}/{count,-3} {((double)right / count).ToString("P0", CultureInfo.InvariantCulture)}");
        }

        output.WriteLine("Confusion (expected → routed, count):");
        foreach (var (pair, count) in confusion.OrderByDescending(p => p.Value))
        {
            output.WriteLine($"  {pair}: {count}");
        }

        output.WriteLine("Misses:");
        misses.ForEach(output.WriteLine);
        Assert.True(intentAccuracy >= IntentFloor, $"intent accuracy {intentAccuracy:P1} fell under {IntentFloor:P0}");
        Assert.True(itemAccuracy >= ItemFloor, $"item accuracy {itemAccuracy:P1} fell under {ItemFloor:P0}");
    }

    private static List<(string Text, string Intent, string? Item, string? Entry)> Questions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", "HeldOut", "heldout.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root.Children[new YamlScalarNode("questions")]).Children.Cast<YamlMappingNode>().Select(m =>
        {
            string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            return (Get("text")!, Get("intent")!, Get("item"), Get("entry"));
        })];
    }
}
