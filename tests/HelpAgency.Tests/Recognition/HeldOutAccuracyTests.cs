using System.Globalization;
using HelpAgency.Core.Recognition;
using Xunit.Abstractions;

namespace HelpAgency.Tests.Recognition;

public sealed class HeldOutAccuracyTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    private static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "光谷生物城研发楼项目"]);

    [Fact]
    public void Held_out_set_has_at_least_220_utterances_and_covers_every_intent()
    {
        var rows = HeldOutSet.Load();

        Assert.True(rows.Count >= 220, $"only {rows.Count} held-out utterances");
        Assert.Empty(IntentNames.All.Except(rows.Select(r => r.Intent)));
        Assert.Empty(rows.Select(r => r.Intent).Except(IntentNames.All));
    }

    [Fact]
    public void No_held_out_utterance_is_a_training_example_after_normalisation()
    {
        var normalizer = fixture.Content.Normalizer;
        var training = fixture.Content.Intents.Intents
            .SelectMany(i => i.Examples.Concat(i.NegativeExamples))
            .Select(e => normalizer.Normalize(e).Text)
            .ToHashSet(StringComparer.Ordinal);

        var copied = HeldOutSet.Load().Where(r => training.Contains(normalizer.Normalize(r.Text).Text)).Select(r => $"line {r.Line}: {r.Text}").ToList();

        Assert.True(copied.Count == 0, "held-out utterances found in the training examples:\n" + string.Join('\n', copied));
    }

    [Fact]
    public void Held_out_accuracy_is_at_least_90_percent()
    {
        var rows = HeldOutSet.Load();
        var perIntent = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var accepted = 0;
        var acceptedWrong = 0;
        var clarified = 0;
        var misses = new List<string>();
        foreach (var (intent, text, line) in rows)
        {
            var result = fixture.Recognizer.Recognize(text, Projects);
            var right = result.Intent.Name == intent;
            var (r, t) = perIntent.GetValueOrDefault(intent);
            perIntent[intent] = (r + (right ? 1 : 0), t + 1);
            accepted += result.Decision == RecognitionDecision.Accept ? 1 : 0;
            acceptedWrong += result.Decision == RecognitionDecision.Accept && !right ? 1 : 0;
            clarified += result.Decision == RecognitionDecision.Clarify ? 1 : 0;
            if (!right)
            {
                misses.Add($"  line {line}: {text} — expected {intent}, got {result.Intent.Name} {result.Intent.Confidence:0.00} ({result.Decision}; {string.Join(", ", result.Ranking.Take(3).Select(x => $"{x.Name} {x.Confidence:0.00}"))})");
            }
        }

        var correct = perIntent.Values.Sum(v => v.Right);
        var accuracy = (double)correct / rows.Count;
        output.WriteLine($"Held-out accuracy: {correct}/{rows.Count} = {accuracy.ToString("P1", CultureInfo.InvariantCulture)}");
        output.WriteLine($"Decisions: {accepted} accepted ({acceptedWrong} of them wrong), {clarified} clarifying questions, {rows.Count - accepted - clarified} fallbacks");
        foreach (var (intent, (right, total)) in perIntent)
        {
            output.WriteLine($"  {intent,-20} {right,3}/{total,-3} {((double)right / total).ToString("P0", CultureInfo.InvariantCulture)}");
        }

        output.WriteLine("Misses:");
        misses.ForEach(output.WriteLine);
        Assert.True(accuracy >= 0.90, $"held-out accuracy {accuracy:P1} is under 90%");
    }
}
