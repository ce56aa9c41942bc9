using HelpAgency.Core.Content;

using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Content;

public sealed class ReplyTemplatesTests
{
    [Fact]
    public void A_key_with_several_variations_rotates_by_seed()
    {
        var templates = Parse("""
            greeting:
              - 您好！
              - 您好，请问有什么可以帮您？
            """);

        Assert.Equal("您好！", templates.Get("greeting", 0));
        Assert.Equal("您好，请问有什么可以帮您？", templates.Get("greeting", 1));
        Assert.Equal("您好！", templates.Get("greeting", 2));
    }

    [Fact]
    public void A_single_text_is_its_only_variation()
    {
        var templates = Parse("bye: 再见\n");

        Assert.Equal("再见", templates.Get("bye", 7));
    }

    [Theory]
    [InlineData("greeting: 您好\nbye: \"再见\n", 2)]
    [InlineData("- 您好\n", 1)]
    [InlineData("greeting: 您好\nempty: []\n", 2)]
    [InlineData("greeting: 您好\nnested:\n  a: b\n", 3)]
    public void Bad_content_names_the_file_and_line(string yaml, int line)
    {
        var error = Assert.Throws<ContentException>(() => ReplyTemplates.Parse(new StringReader(yaml), "replies.yaml"));

        Assert.Equal("replies.yaml", error.File);
        Assert.Equal((long)line, error.Line);
        Assert.StartsWith($"replies.yaml:{line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_lists_every_missing_key()
    {
        var templates = Parse("greeting: 您好\n");

        var error = Assert.Throws<ContentException>(() => templates.Require("replies.yaml", ["greeting", "not_understood", "bye"]));

        Assert.Contains("not_understood", error.Message, StringComparison.Ordinal);
        Assert.Contains("bye", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_replies_cover_what_the_dialog_runtime_says()
    {
        var templates = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Path, "dialogs", ReplyTemplates.FileName));

        templates.Require(ReplyTemplates.FileName, HelpAgency.Core.Dialogs.DialogContent.RequiredTemplates);
    }

    private static ReplyTemplates Parse(string yaml) => ReplyTemplates.Parse(new StringReader(yaml), "replies.yaml");
}
