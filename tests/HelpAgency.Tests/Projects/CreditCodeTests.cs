using HelpAgency.Core.Content;
using HelpAgency.Core.Projects;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Projects;

public sealed class CreditCodeTests
{
    private static readonly ReplyTemplates Replies = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));

    [Theory]
    [InlineData("914403001922038216")] // 华为技术有限公司
    [InlineData("91440300708461136T")] // 深圳市腾讯计算机系统有限公司
    [InlineData("91330100799655058B")] // 阿里巴巴（中国）有限公司
    public void Real_codes_are_valid(string value)
    {
        Assert.True(CreditCode.TryParse(value, out var code, out var problem), problem?.ToString());
        Assert.Equal(value, code.Value);
        Assert.True(CreditCode.IsValid(value));
    }

    [Fact]
    public void Parts_of_the_code_are_exposed()
    {
        var code = CreditCode.Parse("91440300708461136T");

        Assert.Equal('9', code.RegistrationAuthority);
        Assert.Equal('1', code.OrganizationType);
        Assert.Equal("440300", code.DivisionCode);
        Assert.Equal("708461136", code.SubjectIdentifier);
        Assert.Equal('T', CreditCode.CheckCharacter("91440300708461136"));
    }

    [Theory]
    [InlineData(" 91440300708461136t ")]
    [InlineData("９１４４０３００７０８４６１１３６Ｔ")]
    [InlineData("914403-0070846-1136T")]
    public void Input_is_normalised_before_checking(string input) =>
        Assert.Equal("91440300708461136T", CreditCode.Parse(input).Value);

    [Theory]
    [InlineData("", "请输入统一社会信用代码")]
    [InlineData(null, "请输入统一社会信用代码")]
    [InlineData("91440300708461136", "应为18位，您输入了17位")]
    [InlineData("91440300708461136TT", "应为18位，您输入了19位")]
    [InlineData("91440300708461I36T", "不使用字母I、O、S、V、Z，第15位是“I”")]
    [InlineData("9144030070846113OT", "第17位是“O”")]
    [InlineData("9144030070846113*T", "只含数字和大写字母，第17位“*”")]
    [InlineData("B1440300708461136T", "第1位（登记管理部门代码）不能是“B”")]
    [InlineData("94440300708461136T", "第2位（机构类别代码）“4”与第1位“9”不匹配")]
    [InlineData("Y2440300708461136T", "第2位（机构类别代码）“2”与第1位“Y”不匹配")]
    [InlineData("9144A300708461136T", "第3至8位是行政区划码")]
    [InlineData("914403001922038217", "校验位不正确")]
    [InlineData("914403009122038216", "校验位不正确")] // two digits swapped
    public void Each_kind_of_mistake_is_explained_by_its_own_template(string? input, string message)
    {
        Assert.False(CreditCode.TryParse(input, out var code, out var problem));
        Assert.Null(code);
        Assert.Contains(message, Replies.Render(problem.Key, ReplyTemplates.Values(problem.Values)), StringComparison.Ordinal);
        Assert.Contains(problem.Key, Assert.Throws<FormatException>(() => CreditCode.Parse(input)).Message, StringComparison.Ordinal);
        Assert.False(CreditCode.IsValid(input));
    }

    [Fact]
    public void Every_single_character_change_is_caught()
    {
        const string valid = "914403001922038216";
        for (var i = 8; i < valid.Length; i++)
        {
            foreach (var c in CreditCode.Alphabet.Where(c => c != valid[i]))
            {
                var changed = valid[..i] + c + valid[(i + 1)..];
                Assert.False(CreditCode.IsValid(changed), changed);
            }
        }
    }
}
