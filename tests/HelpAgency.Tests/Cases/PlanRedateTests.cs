using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Users;

namespace HelpAgency.Tests.Cases;

/// <summary>A plan whose item runs late is re-dated by the system, and what the contact is told next never names a date gone by.</summary>
public sealed class PlanRedateTests
{
    /// <summary>Friday 2026-11-27: A1 (due 11-24) is late, A2 planned to start 11-25.</summary>
    private static readonly DateTimeOffset Friday = CaseWorld.Now.AddDays(2);

    private readonly CaseWorld _world = new();

    private void Set(string code, ItemStatus status)
    {
        var index = _world.Items.FindIndex(i => i.ItemCode == code);
        _world.Items[index] = _world.Items[index] with { Status = status };
    }

    [Fact]
    public async Task A_late_item_under_way_has_the_items_after_it_re_dated_once_by_the_system_with_a_ledger_line_and_the_assistant_told()
    {
        Set("A1", ItemStatus.Submitted);
        var system = new OperationContext(_world.Work, SystemActor.Scheduler, Friday);

        var shift = await _world.Operations.Progress.RedateLateAsync(system, 42, default);
        var again = await _world.Operations.Progress.RedateLateAsync(system, 42, default);

        Assert.Equal(("A1", 2), (shift?.LateItemCode, shift?.Days));
        Assert.Null(again);
        var a2 = _world.Items.Single(i => i.ItemCode == "A2");
        Assert.Equal((new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 3)), (a2.PlannedStart, a2.PlannedDue));
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24)), (_world.Items[0].PlannedStart, _world.Items[0].PlannedDue));
        var entry = Assert.Single(_world.Ledger);
        Assert.Equal(("plan_redated", "A1"), (entry.Action, entry.ItemCode));
        Assert.Contains("\"A2\"", entry.Details, StringComparison.Ordinal);
        var push = Assert.Single(_world.Outbox);
        Assert.Equal((CaseWorld.Assistant.Id, "redated:42:2026-11-27", false), (push.Recipient, push.IdempotencyKey, push.Urgent));
        Assert.Contains("“企业投资项目备案”计划11月24日办结，至今未办结，后续事项顺延2个工作日：\\n- 建设用地规划许可证核发：改为12月3日办结", push.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_re_dating_push_names_the_first_three_items_that_moved_and_counts_the_rest()
    {
        Set("A1", ItemStatus.Submitted);
        foreach (var (code, seq) in new[] { ("X3", 3), ("X4", 4), ("X5", 5) })
        {
            _world.Items.Add(new CaseItem(42, code, seq, ItemStatus.NotStarted, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 4), CaseWorld.Now));
        }

        await _world.Operations.Progress.RedateLateAsync(new OperationContext(_world.Work, SystemActor.Scheduler, Friday), 42, default);

        var text = Assert.Single(_world.Outbox).Content;
        Assert.Contains("- 建设用地规划许可证核发：改为12月3日办结\\n- X3：", text, StringComparison.Ordinal);
        Assert.Contains("\\n- X4：", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X5", text, StringComparison.Ordinal);
        Assert.Contains("\\n- 另有1项顺延，详见工作台", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_system_re_dates_a_plan_and_a_person_asking_changes_nothing()
    {
        Set("A1", ItemStatus.Submitted);
        var before = _world.Items.ToList();

        var refusal = await Assert.ThrowsAsync<CaseOperationException>(() =>
            _world.Operations.Progress.RedateLateAsync(new OperationContext(_world.Work, CaseWorld.Supervisor, Friday), 42, default));

        Assert.Equal(CaseError.Forbidden, refusal.Error);
        Assert.Equal("计划日期由系统按事项进度自动顺延，无需手动调整。", refusal.Message);
        Assert.Equal(before, _world.Items);
        Assert.Empty(_world.Ledger);
    }

    [Fact]
    public async Task A_closed_case_is_not_re_dated()
    {
        Set("A1", ItemStatus.Submitted);
        _world.Case = _world.Case with { Status = CaseStatus.Terminated };

        Assert.Null(await _world.Operations.Progress.RedateLateAsync(new OperationContext(_world.Work, SystemActor.Scheduler, Friday), 42, default));
        Assert.Empty(_world.Ledger);
    }

    [Fact]
    public async Task Starting_an_item_past_its_planned_date_asks_for_it_soon_without_naming_the_date()
    {
        await _world.Operations.Progress.UpdateItemAsync(_world.As(CaseWorld.Assistant), 42, "A1", ItemStatus.Preparing, null, null, default);

        var push = Assert.Single(_world.PushesTo(CaseWorld.Contact.Id)).Content;
        Assert.Contains("下一步：请尽快向发展改革局提交申请。", push, StringComparison.Ordinal);
        Assert.DoesNotContain("11月24日", push, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_done_late_announces_the_next_item_with_its_re_dated_plan_date()
    {
        Set("A1", ItemStatus.Accepted);

        await _world.Operations.Progress.UpdateItemAsync(new OperationContext(_world.Work, CaseWorld.Assistant, Friday), 42, "A1", ItemStatus.Approved, "武新备〔2026〕8号", null, default);

        var push = Assert.Single(_world.PushesTo(CaseWorld.Contact.Id)).Content;
        Assert.Contains("下一步：“建设用地规划许可证核发”，计划12月3日前办结。", push, StringComparison.Ordinal);
        Assert.DoesNotContain("12月1日", push, StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_re_dating_a_plan_does_not_count_as_staff_answering_a_hand_off()
    {
        LedgerEntry Entry(AppUser actor, string action) => new(1, Friday, actor.Id, actor.Role.ToStorage(), 42, 7, "A1", action, "{}");

        Assert.False(CaseSupervision.IsAnswer(Entry(SystemActor.Scheduler, "plan_redated")));
        Assert.True(CaseSupervision.IsAnswer(Entry(CaseWorld.Assistant, "service_record")));
    }
}
