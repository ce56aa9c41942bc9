using HelpAgency.Core.Catalog;

namespace HelpAgency.Tests.Catalog;

public sealed class DepartmentTests
{
    [Theory]
    [InlineData("95598（国家电网客服热线）", true)]
    [InlineData("待核实（可先拨打12345武汉市民服务热线）", false)]
    [InlineData("东湖高新区政务服务中心 工程建设项目综合窗口（具体窗口待核实）", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_given_text_without_the_unverified_mark_counts_as_verified(string? text, bool verified) =>
        Assert.Equal(verified, Department.IsVerified(text));

    [Theory]
    [InlineData("燃气经营企业（光谷片区特许经营企业，待核实）", "燃气经营企业")]
    [InlineData("东湖高新区市场监督管理局（企业开办专区）", "东湖高新区市场监督管理局（企业开办专区）")]
    public void The_verified_name_drops_only_a_bracketed_note_still_to_be_confirmed(string name, string shown) =>
        Assert.Equal(shown, new Department("x", name, [], null, null, null).VerifiedName);
}
