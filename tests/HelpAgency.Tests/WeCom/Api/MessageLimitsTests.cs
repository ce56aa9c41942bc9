using System.Text;
using HelpAgency.WeCom.Api;

namespace HelpAgency.Tests.WeCom.Api;

public sealed class MessageLimitsTests
{
    /// <summary>
    /// The bot writes a reply meant to be read as one message within Core's channel-free budget; WeCom's protocol
    /// library states its own limit. The budget must not outgrow what WeCom carries in one message.
    /// </summary>
    [Fact]
    public void The_bots_one_message_budget_fits_one_wecom_message()
    {
        Assert.True(HelpAgency.Core.Conversation.Reply.MaxContentBytes <= MessageLimits.ContentBytes);
    }

    [Fact]
    public void Content_within_the_limit_is_one_message()
    {
        Assert.Equal(["施工许可证已办结"], MessageLimits.Split("施工许可证已办结"));
    }

    [Fact]
    public void A_long_markdown_table_is_split_between_lines_into_parts_within_the_limit_that_read_back_whole()
    {
        var lines = Enumerable.Range(1, 120).Select(i => $"| 第{i}项 | 建设工程规划许可证 | 已受理 | 12月{i % 28 + 1}日 |");
        var content = string.Join("\n", lines);
        Assert.True(Encoding.UTF8.GetByteCount(content) > 3 * MessageLimits.ContentBytes);

        var parts = MessageLimits.Split(content);

        Assert.True(parts.Count >= 4);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= MessageLimits.ContentBytes));
        Assert.All(parts, p => Assert.StartsWith("| 第", p));
        Assert.Equal(content, string.Join("\n", parts));
        Assert.Equal(parts, MessageLimits.Split(content));
    }

    [Fact]
    public void A_single_line_longer_than_a_message_is_cut_between_characters_never_inside_one()
    {
        var line = string.Concat(Enumerable.Repeat("帮办🏗️代办", 400));

        var parts = MessageLimits.Split(line);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= MessageLimits.ContentBytes));
        Assert.All(parts, p => Assert.False(char.IsSurrogate(p[^1]) && char.IsHighSurrogate(p[^1])));
        Assert.Equal(line, string.Concat(parts));
    }
}
