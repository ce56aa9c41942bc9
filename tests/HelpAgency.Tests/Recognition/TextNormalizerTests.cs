namespace HelpAgency.Tests.Recognition;

public sealed class TextNormalizerTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    [Theory]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("查 进度！！👍", "查进度")]
    [InlineData("施工許可證咋辦", "施工许可证怎么办")]
    [InlineData("进渡怎么样了呀？", "进度怎么样了")]
    [InlineData("要多长时间啊", "要多久")]
    [InlineData("在那办", "在哪办")]
    public void Text_is_brought_to_one_form(string text, string expected)
    {
        Assert.Equal(expected, fixture.Content.Normalizer.Normalize(text).Text);
    }

    [Fact]
    public void Every_normalised_character_maps_back_to_its_original_span()
    {
        var normalized = fixture.Content.Normalizer.Normalize("请问 啥材料？");

        Assert.Equal("请问什么材料", normalized.Text);
        Assert.Equal((3, 4), normalized.ToOriginal(2, 4)); // "什么" came from "啥"
        Assert.Equal((0, 6), normalized.ToOriginal(0, 6));
    }

    [Fact]
    public void Folding_keeps_the_length_so_offsets_stay_those_of_the_original()
    {
        const string text = "明天１４：３０，ＯＫ";

        Assert.Equal("明天14:30,ok", fixture.Content.Normalizer.Fold(text));
    }
}
