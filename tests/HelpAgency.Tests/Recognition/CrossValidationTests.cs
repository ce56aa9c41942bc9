using System.Globalization;
using HelpAgency.Core.Recognition;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace HelpAgency.Tests.Recognition;

public sealed class CrossValidationTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    private const int Folds = 5;

    [Fact]
    public void Five_fold_cross_validation_on_the_training_examples_is_printed()
    {
        // Rules are left out: this measures what the classifier learns from the examples alone.
        var content = fixture.Content;
        var examples = IntentRecognizer.TrainingExamples(content.Intents);

        // Stratified and deterministic: every k-th example of each intent goes to fold k.
        var folds = examples.GroupBy(e => e.Intent)
            .SelectMany(g => g.Select((e, i) => (Example: e, Fold: i % Folds)))
            .ToList();
        var right = 0;
        var perIntent = new SortedDictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        for (var fold = 0; fold < Folds; fold++)
        {
            var training = folds.Where(f => f.Fold != fold).Select(f => f.Example).ToList();
            var recognizer = new IntentRecognizer(content, new FakeTimeProvider(RecognizerFixture.Now), training, rulesEnabled: false);
            foreach (var (text, intent) in folds.Where(f => f.Fold == fold).Select(f => f.Example))
            {
                var hit = recognizer.Recognize(text).Intent.Name == intent;
                right += hit ? 1 : 0;
                var (r, t) = perIntent.GetValueOrDefault(intent);
                perIntent[intent] = (r + (hit ? 1 : 0), t + 1);
            }
        }

        var accuracy = (double)right / examples.Count;
        output.WriteLine($"{Folds}-fold cross-validation (classifier only, no rules): {right}/{examples.Count} = {accuracy.ToString("P1", CultureInfo.InvariantCulture)}");
        foreach (var (intent, (r, t)) in perIntent)
        {
            output.WriteLine($"  {intent,-20} {r,3}/{t,-3} {((double)r / t).ToString("P0", CultureInfo.InvariantCulture)}");
        }

        Assert.True(accuracy > 0.6, $"cross-validated accuracy {accuracy:P1} is implausibly low");
    }
}
