using HelpAgency.Core.Cases;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.IntegrationTests.Storage;
using static HelpAgency.IntegrationTests.Cases.CaseFixture;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>The six steps of the service through the case operations, on each engine.</summary>
public sealed class CaseLifecycleTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_application_opens_a_planned_case_assigned_by_park(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);

        var opened = await f.OpenCaseAsync(park: "光谷软件园");

        Assert.Equal(AssistantWest.Id, opened.Case.AssistantId);
        Assert.Equal(CaseStatus.Accepted, opened.Case.Status);
        Assert.Equal("BD2026-" + opened.Case.Id.ToString("D6"), opened.Case.ReferenceNo);
        // A1 (2 days) → A2 (5 days) → B1 (3 days) on working days from Wed 2026-11-25.
        Assert.Equal(["A1", "A2", "B1"], opened.Items.Select(i => i.ItemCode));
        Assert.Equal(new DateOnly(2026, 11, 27), opened.Items[0].PlannedDue);
        Assert.Equal(new DateOnly(2026, 11, 27), opened.Items[1].PlannedStart);
        Assert.Equal(new DateOnly(2026, 12, 4), opened.Items[1].PlannedDue);
        Assert.Equal(new DateOnly(2026, 12, 9), opened.Items[2].PlannedDue);

        var read = await f.RunAsync(Contact, (ops, ctx) => ops.Reader.GetAsync(ctx, opened.Case.Id, default));
        Assert.Equal("光谷智造园", read.Project.Name);
        Assert.Equal("91420100MA4K8LT2XN", read.Project.CreditCode);
        Assert.Equal("张三", Assert.Single(read.Contacts).Name);
        Assert.Equal(3, read.Items.Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Without_a_park_match_the_assistant_with_fewest_open_cases_gets_the_case(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);

        var first = await f.OpenCaseAsync(park: "光谷生物城");
        var second = await f.OpenCaseAsync(park: "未来科技城");
        var third = await f.OpenCaseAsync(park: "未来科技城");

        Assert.Equal(AssistantEast.Id, first.Case.AssistantId);
        Assert.Equal(AssistantWest.Id, second.Case.AssistantId);
        Assert.Equal(AssistantEast.Id, third.Case.AssistantId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Within_a_park_the_least_loaded_assistant_on_duty_gets_the_case(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        await f.WorkAsync(Supervisor, async (work, _) =>
        {
            await work.Staff.UpsertAsync(new StaffMember("asst-bio-2", "帮办钱", UserRole.Assistant, "13800000003", ["光谷生物城"], true), CaseFixture.Start, default);
            await work.Staff.UpsertAsync(new StaffMember("asst-bio-off", "帮办孙", UserRole.Assistant, "13800000004", ["光谷生物城"], false), CaseFixture.Start, default);
            return 0;
        });

        var first = await f.OpenCaseAsync(park: "光谷生物城");
        var second = await f.OpenCaseAsync(park: "光谷生物城");
        var third = await f.OpenCaseAsync(park: "光谷生物城");

        // asst-bio-2 sorts before asst-east on a tie; the off-duty one never gets work, though it has none.
        Assert.Equal("asst-bio-2", first.Case.AssistantId);
        Assert.Equal(AssistantEast.Id, second.Case.AssistantId);
        Assert.Equal("asst-bio-2", third.Case.AssistantId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_case_runs_from_acceptance_to_archive_and_every_step_is_in_the_ledger(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        var assistant = AssistantEast;

        var precheck = await f.RunAsync(assistant, (ops, ctx) => ops.Progress.PrecheckAsync(ctx, id, "A1",
            [new("备案登记表", MaterialResult.Provided), new("营业执照", MaterialResult.Missing, "未带原件")], default));
        Assert.False(precheck.Complete);
        Assert.Equal(["营业执照"], precheck.MissingRequired);

        precheck = await f.RunAsync(assistant, (ops, ctx) => ops.Progress.PrecheckAsync(ctx, id, "A1", [new("营业执照", MaterialResult.Provided)], default));
        Assert.True(precheck.Complete);
        Assert.Equal(ItemStatus.Prechecked, precheck.ItemChange!.After.Status);

        await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Submitted, null, null, default));
        await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Accepted, null, null, default));
        var approved = await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Approved, "备2026-001", null, default));
        Assert.Null(approved.CompletedStage);
        Assert.Equal(CaseStatus.InProgress, approved.Case.Status);

        await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A2", ItemStatus.Submitted, null, null, default));
        await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A2", ItemStatus.Accepted, null, null, default));
        var stageDone = await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A2", ItemStatus.Approved, "地字第2026001号", null, default));
        Assert.Equal("land", stageDone.CompletedStage);

        var blocked = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(assistant, (ops, ctx) => ops.Closing.ArchiveAsync(ctx, id, default)));
        Assert.Equal(CaseError.Conflict, blocked.Error);
        Assert.Contains("建筑工程施工许可证核发", blocked.Message);

        await f.RunAsync(assistant, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "B1", ItemStatus.NotApplicable, null, "已有施工许可", default));
        var unevaluated = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(assistant, (ops, ctx) => ops.Closing.ArchiveAsync(ctx, id, default)));
        Assert.Contains("服务评价", unevaluated.Message);

        await f.RunAsync(Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, id, 5, "很专业", default));
        var archived = await f.RunAsync(assistant, (ops, ctx) => ops.Closing.ArchiveAsync(ctx, id, default));
        Assert.Equal(CaseStatus.Archived, archived.Status);
        Assert.Contains("地字第2026001号", archived.Certificates);
        using (var archive = System.Text.Json.JsonDocument.Parse(archived.Certificates!))
        {
            var a1 = archive.RootElement.EnumerateArray().Single(e => e.GetProperty("item").GetString() == "A1");
            var materials = a1.GetProperty("materials").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("check").GetString());
            Assert.Equal("provided", materials["营业执照"]);
            Assert.Equal("provided", materials["备案登记表"]);
            Assert.Null(materials["项目简介"]);
        }

        var record = await f.RunAsync(assistant, (ops, ctx) => ops.Progress.LogServiceAsync(ctx, id, "归档后电话回访", null, default));
        Assert.True(record > 0);
        Assert.Equal(CaseError.Forbidden, (await Assert.ThrowsAsync<CaseOperationException>(
            () => f.RunAsync(Contact, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default)))).Error);

        var ledger = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default));
        Assert.Equal(
            ["case_opened", "agreement_confirmed", "case_assigned", "material_precheck", "material_precheck", "item_status", "item_status", "item_status", "item_status",
             "item_status", "item_status", "item_status", "item_status", "evaluation_requested", "evaluated", "case_archived", "service_record"],
            ledger.Select(e => e.Action));
        Assert.All(ledger, e => Assert.Equal(id, e.CaseId));
        Assert.Equal("asst-east", ledger[5].ActorId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Termination_needs_a_reason_and_an_evaluation_and_closes_the_case(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;

        var early = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(Contact, (ops, ctx) => ops.Closing.TerminateAsync(ctx, id, "项目暂停", default)));
        Assert.Equal(CaseError.Conflict, early.Error);
        var badScore = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, id, 6, null, default)));
        Assert.Equal(CaseError.Invalid, badScore.Error);

        await f.RunAsync(Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, id, 4, null, default));
        var noReason = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(Contact, (ops, ctx) => ops.Closing.TerminateAsync(ctx, id, "  ", default)));
        Assert.Equal(CaseError.Invalid, noReason.Error);
        var terminated = await f.RunAsync(Contact, (ops, ctx) => ops.Closing.TerminateAsync(ctx, id, "项目暂停", default));

        Assert.Equal(CaseStatus.Terminated, terminated.Status);
        Assert.Equal("项目暂停", terminated.TerminationReason);
        var again = await Assert.ThrowsAsync<CaseOperationException>(
            () => f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Preparing, null, null, default)));
        Assert.Equal(CaseError.Conflict, again.Error);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_refused_operation_changes_nothing(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        var before = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default));

        var forbidden = await Assert.ThrowsAsync<CaseOperationException>(
            () => f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Approved, "X-1", null, default)));
        Assert.Equal(CaseError.Conflict, forbidden.Error);
        Assert.Contains("不能直接改为", forbidden.Message);
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Submitted, null, null, default));
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Accepted, null, null, default));
        var noCertificate = await Assert.ThrowsAsync<CaseOperationException>(
            () => f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, "A1", ItemStatus.Approved, " ", null, default)));
        Assert.Equal(CaseError.Invalid, noCertificate.Error);
        var badInput = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(Contact, (ops, ctx) =>
            ops.Intake.ApplyAsync(ctx, Application() with { CreditCode = "91420100MA4K8LT2XA" }, default)));
        Assert.Equal(CaseError.Invalid, badInput.Error);

        var after = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default));
        Assert.Equal(before.Count + 2, after.Count); // only the two allowed moves
        var cases = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.VisibleCasesAsync(ctx, openOnly: false, default));
        Assert.Single(cases);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_replaced_contact_loses_access_and_stays_in_the_history(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var opened = await f.OpenCaseAsync();

        await f.RunAsync(Contact, async (ops, ctx) =>
        {
            await ops.Intake.ReplaceContactAsync(ctx, opened.Project.Id, Contact.Id, new NewContact(OtherContact.Id, "李四", "13700000000"), default);
            return 0;
        });

        var denied = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(Contact, (ops, ctx) => ops.Reader.GetAsync(ctx, opened.Case.Id, default)));
        Assert.Equal(CaseError.Forbidden, denied.Error);
        var read = await f.RunAsync(OtherContact, (ops, ctx) => ops.Reader.GetAsync(ctx, opened.Case.Id, default));
        Assert.Equal(["李四", "张三"], read.Contacts.Select(c => c.Name));
        Assert.True(read.Contacts[0].IsCurrent);
        Assert.False(read.Contacts[1].IsCurrent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Coordination_issue_meeting_and_follow_up_actions_are_kept_with_the_case(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;

        var issue = await f.RunAsync(AssistantEast, (ops, ctx) => ops.Coordination.RaiseIssueAsync(ctx, id, "A2", "用地红线与规划不一致", "自然资源和规划局", default));
        var past = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(AssistantEast, (ops, ctx) =>
            ops.Coordination.ScheduleMeetingAsync(ctx, id, new MeetingRequest("协调会", Start.AddHours(-1), "会议室", ["asst-east"], null), default)));
        Assert.Equal(CaseError.Invalid, past.Error);

        var scheduled = await f.RunAsync(Supervisor, (ops, ctx) => ops.Coordination.ScheduleMeetingAsync(ctx, id,
            new MeetingRequest("用地协调会", Start.AddDays(2), "政务服务中心301", ["asst-east", "sup", "asst-east", "住建局"], "1. 红线核对", issue.Id), default));
        var meeting = scheduled.Meeting;
        Assert.Equal(["帮办李", "督导王", "张工", "李工"], scheduled.Participants.Select(p => p.Name));
        var early = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(AssistantEast, (ops, ctx) => ops.Coordination.RecordMinutesAsync(ctx, meeting.Id, "同意按规划调整",
            [new ActionRequest("出具调整意见", "张工", new DateOnly(2026, 12, 4))], default)));
        Assert.Equal(CaseError.Conflict, early.Error);
        Assert.Contains("会议开始后才能记录纪要", early.Message);
        f.Now = Start.AddDays(2).AddHours(1);
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Coordination.RecordMinutesAsync(ctx, meeting.Id, "同意按规划调整",
            [new ActionRequest("出具调整意见", "张工", new DateOnly(2026, 12, 4))], default));
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Coordination.ResolveIssueAsync(ctx, issue.Id, "已调整红线", default));

        var details = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.GetAsync(ctx, id, default));
        var stored = Assert.Single(details.Meetings);
        Assert.Equal(["asst-east", "sup", "housing-rep", "housing-rep-2"], stored.Participants);
        Assert.Equal(MeetingStatus.Held, stored.Status);
        Assert.Equal(IssueStatus.Resolved, Assert.Single(details.Issues).Status);
        var actions = await f.WorkAsync(Supervisor, (work, _) => work.Coordination.ActionsAsync(meeting.Id, default));
        Assert.Equal("housing-rep", Assert.Single(actions).OwnerId);
        Assert.Equal(new DateOnly(2026, 12, 4), Assert.Single(actions).DueDate);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_meeting_naming_anyone_outside_the_staff_and_the_departments_contacts_is_refused_and_nothing_is_written(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        Task<CaseOperationException> Refused(params string[] participants) => Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(AssistantEast, (ops, ctx) =>
            ops.Coordination.ScheduleMeetingAsync(ctx, id, new MeetingRequest("用地协调会", Start.AddDays(2), "301", participants, null), default)));

        var unknown = await Refused("帮办李", "规划局老刘", "housing-rep", "zhang-planning");
        var noContacts = await Refused("发展改革局");

        Assert.Equal(CaseError.Invalid, unknown.Error);
        Assert.Contains("没有找到：规划局老刘、zhang-planning。", unknown.Message);
        Assert.Contains("还没有登记发展改革局的联系人", noContacts.Message);
        Assert.Empty((await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.GetAsync(ctx, id, default))).Meetings);
        Assert.DoesNotContain(await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default)), e => e.Action == "meeting_scheduled");
        var outbox = await f.WorkAsync(Supervisor, (work, _) => work.Outbox.ListAsync(null, 100, default));
        Assert.DoesNotContain(outbox, m => m.IdempotencyKey.StartsWith("meeting:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_follow_up_action_needs_one_known_owner_and_a_refused_minute_writes_nothing(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        var meeting = (await f.RunAsync(AssistantEast, (ops, ctx) => ops.Coordination.ScheduleMeetingAsync(ctx, id,
            new MeetingRequest("用地协调会", Start.AddHours(1), "301", ["住建局"], null), default))).Meeting;
        f.Now = Start.AddHours(2);
        Task<CaseOperationException> Refused(string owner) => Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(AssistantEast, (ops, ctx) =>
            ops.Coordination.RecordMinutesAsync(ctx, meeting.Id, "议定两项", [new ActionRequest("补正施工图", "帮办李", new DateOnly(2026, 12, 4)), new ActionRequest("出具意见", owner, new DateOnly(2026, 12, 4))], default)));

        Assert.Contains("“住建局”有多位联系人（张工、李工）", (await Refused("住建局")).Message);
        Assert.Contains("没有找到：住建局王科长", (await Refused("住建局王科长")).Message);

        var details = await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.GetAsync(ctx, id, default));
        Assert.Equal(MeetingStatus.Scheduled, Assert.Single(details.Meetings).Status);
        Assert.Empty(await f.WorkAsync(Supervisor, (work, _) => work.Coordination.ActionsAsync(meeting.Id, default)));
    }
}
