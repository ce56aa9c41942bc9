using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Tests.Recognition;

/// <summary>What `rasa data validate` checks, on the shipped content and on broken samples.</summary>
public sealed class RecognitionContentTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    [Fact]
    public void Every_intent_of_the_interface_is_defined_once()
    {
        Assert.Equal(IntentNames.All.Order(), fixture.Content.Intents.Intents.Select(i => i.Name).Order());
    }

    [Fact]
    public void No_negative_example_is_recognised_as_its_own_intent()
    {
        var wrong = fixture.Content.Intents.Intents
            .SelectMany(i => i.NegativeExamples.Select(n => (Intent: i.Name, Text: n)))
            .Where(n => fixture.Recognizer.Recognize(n.Text).Intent.Name == n.Intent)
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Thresholds_come_from_bot_yaml()
    {
        var settings = fixture.Content.Settings;

        Assert.True(settings.ClarifyThreshold < settings.AcceptThreshold);
        Assert.Equal([IntentNames.HowToProceed, IntentNames.ProgressQuery], settings.BareTopicCandidates);
    }

    [Fact]
    public void Catalog_names_are_read_from_the_shipped_catalog()
    {
        var entries = fixture.Content.Gazetteer;

        Assert.Contains(entries, e => e is { Entity: "item", Value: "SG04" });
        Assert.Contains(entries, e => e is { Entity: "stage", Value: "construction_permit", Name: "施工许可" });
        Assert.Contains(entries, e => e is { Entity: "project_type", Value: "small_low_risk" });
        Assert.Contains(entries, e => e is { Entity: "status", Value: "correction_required" });
    }

    [Theory]
    [InlineData("intents:\n  - name: greet\n    examples: [你好]\n  - name: wave\n    examples: [嗨]\n", 4, "unknown intent 'wave'")]
    [InlineData("intents:\n  - name: greet\n    examples:\n      - 你好\n      - 您好\n      - 你好！\n", 6, "repeats one of greet")]
    [InlineData("intents:\n  - name: greet\n    rules:\n      - pattern: '(你好'\n", 4, "invalid pattern")]
    [InlineData("intents:\n  - name: greet\n    rules:\n      - pattern: '(?<!不)你好'\n", 4, "invalid pattern")]
    [InlineData("intents:\n  - name: greet\n    exemples: [你好]\n", 3, "unknown key 'exemples'")]
    [InlineData("intents:\n  - name: greet\n    examples: [你好]\n    negative_examples: [你好]\n", 4, "is an example of greet")]
    [InlineData("intents:\n  - name: greet\n    examples: [你好\n", 4, "")]
    public void Broken_intent_files_fail_with_file_and_line(string yaml, long line, string problem)
    {
        var error = Assert.Throws<ContentException>(() =>
            IntentSet.Parse([("intents/greet.yaml", new StringReader(yaml))], fixture.Content.Normalizer, [IntentNames.Greet]));

        Assert.Equal("intents/greet.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void A_missing_intent_is_named()
    {
        var error = Assert.Throws<ContentException>(() =>
            IntentSet.Parse([("intents/greet.yaml", new StringReader("intents:\n  - name: greet\n    examples: [你好]\n"))], fixture.Content.Normalizer, [IntentNames.Greet, IntentNames.Help]));

        Assert.Contains("'help' is not defined", error.Message);
    }

    [Theory]
    [InlineData("cued:\n  人防:\n    GC04: [建]\n", 3, "two items or more")]
    [InlineData("cued:\n  人防:\n    GC04: [建, 验收]\n    JG03: [验收]\n", 4, "cue '验收' is already GC04's")]
    [InlineData("cued:\n  环评:\n    LX07: [批]\n    JG06: [验]\n", 3, "no catalog name or alias")]
    [InlineData("cued:\n  人防:\n    GC04: [建]\n    XX99: [验收]\n", 4, "unknown item code 'XX99'")]
    public void A_shared_word_that_cannot_decide_is_refused_with_file_and_line(string yaml, long line, string problem)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lexicon-").FullName, Core.Knowledge.Lexicon.FileName);
        File.WriteAllText(path, yaml);

        var error = Assert.Throws<ContentException>(() => Core.Knowledge.Lexicon.Load(path, fixture.Content.Gazetteer, fixture.Content.Normalizer));

        Assert.Equal(Core.Knowledge.Lexicon.FileName, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }
}
