using System.Text.Json;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>Every ledger line reads as Chinese in the console and the exports: no raw JSON, whatever its action.</summary>
public sealed class LedgerTextTests
{
    private static readonly LedgerText Text = new(ApprovalCatalog.Load(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml")), ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)),
        ConsoleTexts.Load(RepositoryRoot.Dialogs));

    public static TheoryData<string, string?, object, string> Lines => new()
    {
        { "handoff", null, new { assistant = "demo-assistant", excerpt = "施工图审查超期了怎么办" }, "转给 demo-assistant：施工图审查超期了怎么办" },
        { "handoff", null, new { assistant = (string?)null, excerpt = "有人吗" }, "暂无帮办专员" },
        { "self_precheck", "SG04", new { missing = new[] { "施工合同" }, have = new[] { "中标通知书" } }, "自查缺少 施工合同" },
        { "self_precheck", "SG04", new { missing = Array.Empty<string>(), have = new[] { "中标通知书" } }, "自查材料齐全" },
        { "action_done", null, new { action = 3, meeting = 2, Description = "供电外线方案确认", owner = "demo-assistant" }, "供电外线方案确认（负责人 demo-assistant）" },
        { "agreement_confirmed", null, new { confirmed_at = new DateTimeOffset(2026, 12, 7, 2, 30, 0, TimeSpan.Zero), contact = "newcomer", terms = "1. 帮办代办服务免费" }, "同意委托条款（2026-12-07 10:30）" },
        { "agreement_confirmed", null, new { way = "paper", signed_on = new DateOnly(2026, 12, 4), signed_by = "王五", contact = "qiye-wangwu" }, "项目经办人王五签署纸质申请表（2026-12-04）" },
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
            Assert.NotEqual(action, Text.ActionName(action));
        }
    }

    private const string SG04 = "建筑工程施工许可证核发（含质量安全监督登记合并办理）";

    public static TheoryData<string, string?, object, string> WholeLines => new()
    {
        { "case_opened", null, new { project = "光谷智造园一期", unit = "武汉光谷智造科技有限公司", finish = "2027-03-01", left_out = new[] { new { item = "SG04" } } },
            $"受理项目“光谷智造园一期”（武汉光谷智造科技有限公司），计划办结 2027-03-01；按申请情况不列入：{SG04}" },
        { "case_assigned", null, new { assistant = "王帮办", by = "supervisor", previous = "陈帮办" }, "分派给 王帮办（督导改派，原 陈帮办）" },
        { "item_status", "SG04", new { from = "accepted", to = "approved", certificate = "武新审〔2026〕101号", note = "窗口领证", redated = 2 },
            $"{SG04}：已受理 → 已办结，证照编号 武新审〔2026〕101号，窗口领证；后续2个未开始事项顺延" },
        { "item_status", "SG04", new { from = "submitted", to = "correction_required", redated = 0 }, $"{SG04}：已提交 → 需补正" },
        { "material_precheck", "SG04", new { complete = false, missing = new[] { "施工合同", "安全措施资料" } }, $"{SG04}：缺少 施工合同、安全措施资料" },
        { "material_precheck", "SG04", new { complete = true }, $"{SG04}：必需材料齐全" },
        { "coordination_raised", null, new { title = "用地红线与规划不一致", lead = "自然资源和规划局" }, "用地红线与规划不一致（牵头部门：自然资源和规划局）" },
        { "evaluated", null, new { number = 2, score = 5, comment = "很专业" }, "第2次评价，评分 5 分：很专业" },
        { "evaluated", null, new { number = 1, score = 3 }, "评分 3 分" },
        { "case_terminated", null, new { reason = "企业一直未回复", evaluation_requested = "2026-12-01", working_days = 10 },
            "原因：企业一直未回复；项目单位自 2026-12-01 请其评价后 10 个工作日未评价，由督导终止" },
        { "evaluation_requested", null, new { trigger = "staff", terminable_from = "2026-12-15" }, "请项目单位填写服务评价，2026-12-15 起仍未评价的可终止帮办" },
        { "visit_booked", null, new { topic = "施工许可材料讲解", place = "上门" }, "施工许可材料讲解，上门" },
        { "contact_replaced", null, new { name = "李四", added = "lisi" }, "新联系人 李四（lisi）" },
        { "case_supervised", null, new { assistant = "陈帮办", note = "请尽快跟进" }, "督办 陈帮办：请尽快跟进" },
        { "meeting_minutes", null, new { meeting = 3 }, "已记录会议纪要" },
        { "case_archived", null, new { }, "全部事项办结，项目归档" },
    };

    [Theory]
    [MemberData(nameof(WholeLines))]
    public void A_ledger_line_reads_exactly_as_the_words_of_console_yaml(string action, string? item, object details, string expected) =>
        Assert.Equal(expected, Text.Summary(action, item, JsonSerializer.Serialize(details)));

    [Fact]
    public void The_export_names_a_person_with_their_account_and_every_action_by_its_name()
    {
        Assert.Equal("陈帮办（demo-assistant）", Text.ActorWithId("demo-assistant", "陈帮办"));
        Assert.Equal("newcomer", Text.ActorWithId("newcomer", null));
        Assert.All(LedgerText.Actions, a => Assert.DoesNotMatch("[a-z_]", Text.ActionName(a)));
        Assert.Equal("督导人员", Text.RoleName("supervisor"));
        Assert.Equal("robot", Text.RoleName("robot"));
    }

    [Fact]
    public void The_host_s_own_work_is_signed_by_what_it_is_and_people_by_their_name()
    {
        Assert.Equal(("自动跟进", "系统"), (Text.ActorName(SystemActor.Scheduler.Id, null), Text.RoleName(SystemActor.Scheduler.Role.ToStorage())));
        Assert.Equal("陈帮办", Text.ActorName("demo-assistant", "陈帮办"));
        Assert.Equal("newcomer", Text.ActorName("newcomer", ""));
    }

    [Fact]
    public void Broken_details_never_show_as_json()
    {
        Assert.Equal("", Text.Summary("item_status", "SG04", "{\"from\": "));
    }
}
