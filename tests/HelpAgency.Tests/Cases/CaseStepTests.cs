using HelpAgency.Core.Cases;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Tests.Cases;

/// <summary>委托受理: an application becomes a case with a plan, handed to the assistant of its park.</summary>
public sealed class CaseIntakeTests
{
    private readonly CaseWorld _world = new();

    private static ServiceApplication Application(string phone = "13912345678") =>
        new("光谷新药研发中心", "武汉光谷新药有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷生物城", "李四", phone,
            Agreement: new AgreedInChat(CaseWorld.Now, "1. 帮办代办服务免费"));

    [Fact]
    public async Task An_application_opens_a_case_planned_from_the_catalog_and_sends_the_park_assistant_a_task_card()
    {
        var details = await _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Contact), Application(), default);

        Assert.Equal(CaseStatus.Accepted, details.Case.Status);
        Assert.Equal(CaseWorld.Assistant.Id, details.Case.AssistantId);
        Assert.Equal(["A1", "A2"], details.Items.Select(i => i.ItemCode));
        var card = Assert.Single(_world.PushesTo(CaseWorld.Assistant.Id));
        Assert.Equal(new CardPayload("", null, [], "").Type, card.Type);
        Assert.Contains("光谷新药研发中心", card.Content, StringComparison.Ordinal);
        Assert.Contains(_world.Ledger, e => e.Action == "case_opened");
    }

    [Fact]
    public async Task An_application_without_the_agreement_is_refused_and_nothing_is_opened()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Contact), Application() with { Agreement = null }, default));

        Assert.Equal(CaseError.Invalid, refusal.Error);
        Assert.Contains("委托协议", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Opened);
        Assert.Empty(_world.Outbox);
        Assert.Empty(_world.Ledger);
    }

    [Fact]
    public async Task Staff_entering_a_paper_application_open_the_case_with_the_signed_form_in_the_ledger()
    {
        var today = DateOnly.FromDateTime(CaseWorld.Now.DateTime);
        var paper = Application() with { ContactUserId = "qiye-li", Agreement = new SignedOnPaper(today.AddDays(-1), "李四") };

        var signedTomorrow = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Assistant), paper with { Agreement = new SignedOnPaper(today.AddDays(1), "李四") }, default));
        var forAStaffAccount = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Assistant), paper with { ContactUserId = CaseWorld.Supervisor.Id }, default));
        Assert.Equal("申请表的签署日期不能晚于今天。", signedTomorrow.Message);
        Assert.Contains("帮办工作人员的账号", forAStaffAccount.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ledger);

        var details = await _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Assistant), paper, default);

        Assert.Equal(CaseStatus.Accepted, details.Case.Status);
        var agreement = Assert.Single(_world.Ledger, e => e.Action == "agreement_confirmed");
        Assert.Contains("\"way\":\"paper\"", agreement.Details, StringComparison.Ordinal);
        Assert.Contains($"\"signed_on\":\"{today.AddDays(-1):yyyy-MM-dd}\"", agreement.Details, StringComparison.Ordinal);
        Assert.Contains("\"signed_by\":\"李四\"", agreement.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_phone_is_refused_politely_and_nothing_is_opened()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Intake.ApplyAsync(_world.As(CaseWorld.Contact), Application("12345"), default));

        Assert.Equal(CaseError.Invalid, refusal.Error);
        Assert.Equal("联系电话格式不正确，请填写11位手机号或带区号的座机号。", refusal.Message);
        Assert.Empty(_world.Opened);
        Assert.Empty(_world.Outbox);
        Assert.Empty(_world.Ledger);
    }
}

/// <summary>实施帮办代办: an item's move is stored, logged and told to the project's contact.</summary>
public sealed class CaseProgressTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public async Task Submitting_an_item_stores_it_moves_the_case_on_and_tells_the_contact()
    {
        await _world.Operations.Progress.UpdateItemAsync(_world.As(CaseWorld.Assistant), 42, "A1", ItemStatus.Submitted, null, null, default);

        Assert.Equal(ItemStatus.Submitted, _world.Items.Single(i => i.ItemCode == "A1").Status);
        Assert.Equal(CaseStatus.InProgress, _world.Case.Status);
        var push = Assert.Single(_world.PushesTo(CaseWorld.Contact.Id));
        Assert.Contains("“企业投资项目备案”已提交", push.Content, StringComparison.Ordinal);
        Assert.Equal("item_status", Assert.Single(_world.Ledger).Action);
    }

    [Fact]
    public async Task A_contact_cannot_update_progress_and_nothing_changes()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() =>
            _world.Operations.Progress.UpdateItemAsync(_world.As(CaseWorld.Contact), 42, "A1", ItemStatus.Submitted, null, null, default));

        Assert.Equal("这项操作仅限帮办工作人员。", refusal.Message);
        Assert.All(_world.Items, i => Assert.Equal(ItemStatus.NotStarted, i.Status));
        Assert.Empty(_world.Outbox);
    }

    [Fact]
    public async Task A_move_the_rules_do_not_allow_names_the_moves_that_are_allowed()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() =>
            _world.Operations.Progress.UpdateItemAsync(_world.As(CaseWorld.Assistant), 42, "A1", ItemStatus.Approved, "武新审〔2026〕1号", null, default));

        Assert.Equal(CaseError.Conflict, refusal.Error);
        Assert.StartsWith("“企业投资项目备案”当前为“未开始”，不能直接改为“已办结”。可改为：", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("、", refusal.Message, StringComparison.Ordinal);
    }
}

/// <summary>协调办理: a coordination request goes to the supervisors, naming the case.</summary>
public sealed class CaseCoordinationTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public async Task Raising_an_issue_stores_it_and_tells_the_supervisors_which_case_it_is()
    {
        var issue = await _world.Operations.Coordination.RaiseIssueAsync(_world.As(CaseWorld.Assistant), 42, null, "施工图审查意见分歧", "建设局", default);

        Assert.Equal(IssueStatus.Open, Assert.Single(_world.Issues).Status);
        Assert.Equal(1, issue.Id);
        var push = Assert.Single(_world.PushesTo(CaseWorld.Supervisor.Id));
        Assert.Contains($"光谷智造园（{_world.Case.ReferenceNo}）", push.Content, StringComparison.Ordinal);
        Assert.Contains("施工图审查意见分歧", push.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_title_is_asked_for_by_its_name()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() =>
            _world.Operations.Coordination.RaiseIssueAsync(_world.As(CaseWorld.Assistant), 42, null, "  ", "建设局", default));

        Assert.Equal("请填写协调事项。", refusal.Message);
        Assert.Empty(_world.Issues);
        Assert.Empty(_world.Outbox);
    }

    [Fact]
    public async Task A_meeting_in_the_past_is_refused()
    {
        var request = new MeetingRequest("审图协调会", CaseWorld.Now.AddHours(-1), "政务服务中心3楼", ["赵帮办"], null);

        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Coordination.ScheduleMeetingAsync(_world.As(CaseWorld.Assistant), 42, request, default));

        Assert.Equal("会议时间需要晚于当前时间。", refusal.Message);
        Assert.Empty(_world.Meetings);
    }
}

/// <summary>项目归档: the contact's evaluation, and what must be done before a case can be archived.</summary>
public sealed class CaseClosingTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public async Task A_low_score_is_stored_and_alerts_the_supervisors_at_once()
    {
        await _world.Operations.Closing.EvaluateAsync(_world.As(CaseWorld.Contact), 42, 1, "一直联系不上", default);

        Assert.Equal(1, _world.Case.EvaluationScore);
        var alert = Assert.Single(_world.PushesTo(CaseWorld.Supervisor.Id));
        Assert.True(alert.Urgent);
        Assert.Contains("一直联系不上", alert.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_project_contact_may_evaluate()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Closing.EvaluateAsync(_world.As(CaseWorld.Assistant), 42, 5, null, default));

        Assert.Equal(CaseError.Forbidden, refusal.Error);
        Assert.Equal("服务评价需由项目联系人填写。", refusal.Message);
        Assert.Null(_world.Case.EvaluationScore);
    }

    [Fact]
    public async Task Archiving_with_open_items_names_them_and_keeps_the_case_open()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Closing.ArchiveAsync(_world.As(CaseWorld.Assistant), 42, default));

        Assert.Equal("还有2个事项未办结（企业投资项目备案、建设用地规划许可证核发），暂不能归档。", refusal.Message);
        Assert.Equal(CaseStatus.Accepted, _world.Case.Status);
    }

    [Fact]
    public async Task A_closed_case_cannot_be_changed_and_says_how_it_closed()
    {
        _world.Case = _world.Case with { Status = CaseStatus.Terminated, EvaluationScore = 4 };

        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Closing.TerminateAsync(_world.As(CaseWorld.Contact), 42, "项目暂停", default));

        Assert.Equal($"案件{_world.Case.ReferenceNo}已终止，不能再修改。", refusal.Message);
    }
}

/// <summary>改派 and 督办: supervisors only; the urged assistant is told at once.</summary>
public sealed class CaseSupervisionTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public async Task Supervising_urges_the_assistant_at_once_with_the_default_request()
    {
        var assistant = await _world.Operations.Supervision.SuperviseAsync(_world.As(CaseWorld.Supervisor), 42, null, default);

        Assert.Equal(CaseWorld.Assistant.Id, assistant.UserId);
        var push = Assert.Single(_world.PushesTo(CaseWorld.Assistant.Id));
        Assert.True(push.Urgent);
        Assert.Contains("要求：请尽快推进并回复办理情况。", push.Content, StringComparison.Ordinal);
        Assert.Equal("case_supervised", Assert.Single(_world.Ledger).Action);
    }

    [Fact]
    public async Task Reassigning_hands_the_case_over_and_sends_the_new_assistant_the_card()
    {
        var updated = await _world.Operations.Supervision.ReassignAsync(_world.As(CaseWorld.Supervisor), 42, CaseWorld.OtherAssistant.Id, default);

        Assert.Equal(CaseWorld.OtherAssistant.Id, _world.Case.AssistantId);
        Assert.Equal(updated, _world.Case);
        Assert.Single(_world.PushesTo(CaseWorld.OtherAssistant.Id));
    }

    [Fact]
    public async Task An_assistant_cannot_supervise()
    {
        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Supervision.SuperviseAsync(_world.As(CaseWorld.Assistant), 42, null, default));

        Assert.Equal("只有督导人员可以督办。", refusal.Message);
        Assert.Empty(_world.Outbox);
        Assert.Empty(_world.Ledger);
    }
}

/// <summary>Reading: who may see a case.</summary>
public sealed class CaseReaderTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public async Task The_contact_sees_their_case()
    {
        var details = await _world.Operations.Reader.GetAsync(_world.As(CaseWorld.Contact), 42, default);

        Assert.Equal("光谷智造园", details.Project.Name);
        Assert.Equal(2, details.Items.Count);
    }

    [Fact]
    public async Task Another_company_is_refused_and_an_unknown_number_is_not_found()
    {
        var forbidden = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Reader.GetAsync(_world.As(CaseWorld.Stranger), 42, default));
        var missing = await Assert.ThrowsAsync<CaseOperationException>(() => _world.Operations.Reader.GetAsync(_world.As(CaseWorld.Contact), 99, default));

        Assert.Equal("抱歉，您无权查看或办理这个案件。", forbidden.Message);
        Assert.Equal(CaseError.NotFound, missing.Error);
        Assert.Equal("找不到这个案件，请核对受理编号。", missing.Message);
    }
}
