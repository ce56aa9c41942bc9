using HelpAgency.Core.Content;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Knowledge;

/// <summary>What supervisors taught goes back into dialogs/ as examples and paraphrases, comments and order kept.</summary>
public sealed class LearnedContentWriterTests : IDisposable
{
    private readonly string _dialogs = Path.Combine(Path.GetTempPath(), "helpagency-dialogs-" + Guid.NewGuid().ToString("N"));

    public LearnedContentWriterTests() => Folders.Copy(RepositoryRoot.Dialogs, _dialogs);

    public void Dispose() => Directory.Delete(_dialogs, recursive: true);

    [Fact]
    public void Learned_phrasings_become_examples_and_paraphrases_that_load_as_content()
    {
        var before = File.ReadAllText(Path.Combine(_dialogs, "intents", "progress_query.yaml"));
        var outcome = LearnedContentWriter.Merge(_dialogs,
        [
            Learned(LearnedPhrasing.Kinds.Intent, "progress_query", "俺们那个事办到啥程度了"),
            Learned(LearnedPhrasing.Kinds.Knowledge, "permit_extension", "施工证: 到期能续吗"),
            Learned(LearnedPhrasing.Kinds.Intent, "progress_query", "俺们那个事办到啥程度了"),
        ]);

        var content = RecognitionContent.Load(_dialogs);
        Assert.Contains("俺们那个事办到啥程度了", content.Intents.Intents.Single(i => i.Name == "progress_query").Examples);
        Assert.Contains("施工证: 到期能续吗", content.Knowledge.Find("permit_extension")!.Paraphrases);
        Assert.Equal(2, outcome.Added.Values.Sum());
        Assert.Equal(1, outcome.AlreadyPresent);
        var after = File.ReadAllText(Path.Combine(_dialogs, "intents", "progress_query.yaml"));
        Assert.StartsWith(before.Split('\n')[0], after, StringComparison.Ordinal);
        Assert.Equal(before.Split('\n').Length + 1, after.Split('\n').Length);
    }

    [Fact]
    public void A_phrasing_for_an_unknown_target_is_reported_and_nothing_else_changes()
    {
        var before = Snapshot();

        var outcome = LearnedContentWriter.Merge(_dialogs, [Learned(LearnedPhrasing.Kinds.Knowledge, "no_such_entry", "随便问问")]);

        Assert.Single(outcome.Unplaced);
        Assert.Empty(outcome.Added);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_merge_that_would_break_the_content_writes_nothing()
    {
        var before = Snapshot();

        // An example taught to two intents is refused by the content loader, with the file and line.
        var error = Assert.Throws<ContentException>(() => LearnedContentWriter.Merge(_dialogs,
            [Learned(LearnedPhrasing.Kinds.Intent, "progress_query", "进度到哪了哈哈"), Learned(LearnedPhrasing.Kinds.Intent, "progress_query", "你好")]));

        Assert.Contains("greet", error.Message, StringComparison.Ordinal);

        Assert.Equal(before, Snapshot());
    }

    private static LearnedPhrasing Learned(string kind, string target, string text) => new(1, kind, target, text, "demo-supervisor", DateTimeOffset.UnixEpoch);

    private string Snapshot() => string.Join("\n", Directory.GetFiles(_dialogs, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText));
}
