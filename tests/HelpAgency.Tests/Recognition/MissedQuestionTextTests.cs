using HelpAgency.Core.Recognition;

namespace HelpAgency.Tests.Recognition;

public sealed class MissedQuestionTextTests
{
    [Theory]
    [InlineData("我的电话13812345678，请回电", "我的电话***********，请回电")]
    [InlineData("电话 138-1234-5678", "电话 *************")]
    [InlineData("身份证42010619900101123X办不了", "身份证******************办不了")]
    [InlineData("统一社会信用代码91420100MA4KXXXX1B是对的吗", "统一社会信用代码******************是对的吗")]
    [InlineData("合同编号20261125001", "合同编号***********")]
    public void Long_numbers_and_codes_are_masked(string text, string masked) =>
        Assert.Equal(masked, MissedQuestionText.Mask(text));

    [Theory]
    [InlineData("3号楼的施工许可证要多久")]
    [InlineData("2026年12月1日能办完吗")]
    [InlineData("12345 是什么电话")]
    [InlineData("SG01 事项怎么办")]
    public void Short_numbers_stay_as_asked(string text) =>
        Assert.Equal(text, MissedQuestionText.Mask(text));
}
