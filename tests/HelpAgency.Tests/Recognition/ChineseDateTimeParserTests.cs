using HelpAgency.Core.Recognition;

namespace HelpAgency.Tests.Recognition;

public sealed class ChineseDateTimeParserTests
{
    // Wednesday 25 November 2026, 09:00 in China.
    private static readonly DateTimeOffset Now = RecognizerFixture.Now;

    [Theory]
    [InlineData("明天下午三点", "2026-11-26T15:00:00+08:00")]
    [InlineData("下周二上午", "2026-12-01T09:00:00+08:00/2026-12-01T12:00:00+08:00")]
    [InlineData("3月5日", "2027-03-05")]
    [InlineData("11月20日", "2026-11-20")]
    [InlineData("后天", "2026-11-27")]
    [InlineData("今天10点半", "2026-11-25T10:30:00+08:00")]
    [InlineData("周五", "2026-11-27")]
    [InlineData("本周一", "2026-11-23")]
    [InlineData("下午2点", "2026-11-25T14:00:00+08:00")]
    [InlineData("8点", "2026-11-26T08:00:00+08:00")]
    [InlineData("3天后", "2026-11-28")]
    [InlineData("12月3号下午3点半", "2026-12-03T15:30:00+08:00")]
    [InlineData("2027年1月8日", "2027-01-08")]
    [InlineData("明早", "2026-11-26T07:00:00+08:00/2026-11-26T09:00:00+08:00")]
    [InlineData("星期天晚上7点", "2026-11-29T19:00:00+08:00")]
    [InlineData("明天14:30", "2026-11-26T14:30:00+08:00")]
    [InlineData("明天１４：３０", "2026-11-26T14:30:00+08:00")]
    [InlineData("30号", "2026-11-30")]
    public void Chinese_expressions_resolve_against_the_reference_time(string text, string expected)
    {
        var entity = Assert.Single(ChineseDateTimeParser.Parse(text, Now));

        Assert.Equal("datetime", entity.Entity);
        Assert.Equal(expected, entity.Value);
        Assert.Equal((0, text.Length), (entity.Start, entity.End));
    }

    [Theory]
    [InlineData("快一点")]
    [InlineData("5号楼")]
    [InlineData("上午有人吗")]
    [InlineData("施工许可证要几个工作日")]
    [InlineData("2月30日")]
    public void Words_that_only_look_like_times_are_not_dates(string text)
    {
        Assert.Empty(ChineseDateTimeParser.Parse(text, Now));
    }

    [Fact]
    public void Offsets_point_into_the_original_text()
    {
        var entity = Assert.Single(ChineseDateTimeParser.Parse("能不能明天下午三点来一趟", Now));

        Assert.Equal((3, 9), (entity.Start, entity.End));
        Assert.Equal("明天下午三点", "能不能明天下午三点来一趟"[entity.Start..entity.End]);
    }

    [Fact]
    public void The_reference_time_is_taken_in_China_time()
    {
        // 20:00 UTC on the 25th is already the 26th in Wuhan.
        var entity = Assert.Single(ChineseDateTimeParser.Parse("明天", new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero)));

        Assert.Equal("2026-11-27", entity.Value);
    }
}
