using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;
using HelpAgency.Host.Admin;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>Every ledger line reads as Chinese in the console and the exports: no raw JSON, whatever its action.</summary>
public sealed class LedgerTextTests
{
    private static readonly LedgerText Text = new(ApprovalCatalog.Load(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml")), ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)));

    public static TheoryData<string, string?, object, string> Lines => new()
    {
        { "handoff", null, new { assistant = "demo-assistant", excerpt = "施工图审查超期了怎么办" }, "转给 demo-assistant：施工图审查超期了怎么办" },
        { "handoff", null, new { assistant = (string?)null, excerpt = "有人吗" }, "暂无帮办专员" },
        { "self_precheck", "SG04", new { missing = new[] { "施工合同" }, have = new[] { "中标通知书" } }, "自查缺少 施工合同" },
        { "self_precheck", "SG04", new { missing = Array.Empty<string>(), have = new[] { "中标通知书" } }, "自查材料齐全" },
        { "action_done", null, new { action = 3, meeting = 2, Description = "供电外线方案确认", owner = "demo-assistant" }, "供电外线方案确认（负责人 demo-assistant）" },
        { "agreement_confirmed", null, new { confirmed_at = new DateTimeOffset(2026, 12, 7, 2, 30, 0, TimeSpan.Zero), contact = "newcomer", terms = "1. 帮办代办服务免费" }, "同意委托条款（2026-12-07 10:30）" },
        { "outbox_retry", null, new { message = 42 }, "重新发送消息 #42" },
        { "plan_redated", "SG01", new { days = 3, moved = new[] { new { item = "SG04", start = "2026-12-11", due = "2026-12-16" } } }, "超期未办结，后续未开始事项顺延3个工作日：建筑工程施工许可证核发" },
        { "meeting_scheduled", null, new { topic = "审图协调会", place = "301", participants = new[] { "demo-assistant", "housing-rep" }, names = new[] { "陈帮办", "张工" } }, "审图协调会，301，参会 陈帮办、张工" },
        { "meeting_scheduled", null, new { topic = "审图协调会", place = "301", participants = new[] { "demo-assistant", "housing-rep" } }, "参会 demo-assistant、housing-rep" },
        { "evaluation_requested", null, new { trigger = "all_items_done" }, "全部事项办结，请项目单位填写服务评价" },
        { "something_new", null, new { title = "新的动作", count = 2, nested = new { a = 1 } }, "新的动作，2" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_ledger_line_reads_as_words(string action, string? item, object details, string expected)
    {
        var summary = Text.Summary(action, item, JsonSerializer.Serialize(details));

        Assert.Contains(expected, summary, StringComparison.Ordinal);
        Assert.DoesNotContain("{", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("\":", summary, StringComparison.Ordinal);
        if (action != "something_new")
        {
            Assert.NotEqual(action, LedgerText.ActionName(action));
        }
    }

    [Fact]
    public void The_host_s_own_work_is_signed_by_what_it_is_and_people_by_their_name()
    {
        Assert.Equal(("自动跟进", "系统"), (LedgerText.ActorName(SystemActor.Scheduler.Id, null), LedgerText.RoleName(SystemActor.Scheduler.Role.ToStorage())));
        Assert.Equal("陈帮办", LedgerText.ActorName("demo-assistant", "陈帮办"));
        Assert.Equal("newcomer", LedgerText.ActorName("newcomer", ""));
    }

    [Fact]
    public void Broken_details_never_show_as_json()
    {
        Assert.Equal("", Text.Summary("item_status", "SG04", "{\"from\": "));
    }
}
