using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Catalog;

public sealed class CasePlanCalculatorTests
{
    // A → B → C is a chain; D runs beside it; E waits for A and D; Z is 即办; G is for another type.
    private const string Fixture = """
        notice: 测试数据
        stages:
          - {code: land, name: 立项用地规划许可, order: 1}
          - {code: build, name: 施工许可, order: 3}
          - {code: works, name: 工程建设许可, order: 2}
        departments:
          - {code: d, name: 部门}
        project_types:
          - {code: filing, name: 社会投资备案}
          - {code: gov, name: 政府投资}
        items:
          - {code: C, name: 事项C, stage: build, department: d, promised_days: 2, mode: both, project_types: [filing], requires: [B], materials: [材料]}
          - {code: A, name: 事项A, stage: land, department: d, statutory_days: 20, promised_days: 5, mode: both, project_types: [filing], materials: [材料]}
          - {code: B, name: 事项B, stage: works, department: d, statutory_days: 3, mode: both, project_types: [filing], requires: [A], materials: [材料]}
          - {code: D, name: 事项D, stage: land, department: d, promised_days: 8, mode: both, project_types: [filing], materials: [材料]}
          - {code: E, name: 事项E, stage: works, department: d, promised_days: 1, mode: both, project_types: [filing], requires: [A, D], materials: [材料]}
          - {code: Z, name: 事项Z, stage: land, department: d, statutory_days: 0, mode: online, project_types: [filing], materials: [材料]}
          - {code: G, name: 事项G, stage: land, department: d, promised_days: 4, mode: both, project_types: [gov], materials: [材料]}
        """;

    private static readonly ApprovalCatalog Catalog = ApprovalCatalogLoader.Parse(Fixture, "fixture.yaml");
    private static readonly WorkingDayCalendar Holidays = WorkingDayCalendar.Load(Path.Combine(RepositoryRoot.Dialogs, WorkingDayCalendar.FileName));

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void A_chain_is_due_after_the_sum_of_its_working_days()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2), ["A", "B", "C"]);

        var a = plan.Find("A")!;
        var b = plan.Find("B")!;
        var c = plan.Find("C")!;
        Assert.Equal((D(2026, 3, 2), D(2026, 3, 9)), (a.PlannedStart, a.DueDate));
        Assert.Equal((D(2026, 3, 9), D(2026, 3, 12)), (b.PlannedStart, b.DueDate));
        Assert.Equal((D(2026, 3, 12), D(2026, 3, 16)), (c.PlannedStart, c.DueDate));
        Assert.Equal(Holidays.AddWorkingDays(D(2026, 3, 2), 5 + 3 + 2), plan.Finish);
        Assert.Equal(10, plan.TotalWorkingDays);
        Assert.Equal(3, b.WorkingDays); // no promise: the statutory limit counts
    }

    [Fact]
    public void Items_start_only_when_all_their_prerequisites_are_due()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2));

        foreach (var row in plan.Items)
        {
            foreach (var code in row.WaitsFor)
            {
                var prerequisite = plan.Find(code)!;
                Assert.True(prerequisite.DueDate <= row.PlannedStart, $"{row.Item.Code} starts before {code} is due");
                Assert.True(plan.Items.ToList().IndexOf(prerequisite) < plan.Items.ToList().IndexOf(row));
            }
        }

        var e = plan.Find("E")!;
        Assert.Equal(["A", "D"], e.WaitsFor);
        Assert.Equal(plan.Find("D")!.DueDate, e.PlannedStart); // D (8 days) is due after A (5 days)
    }

    [Fact]
    public void Default_items_are_those_of_the_project_type_in_a_deterministic_order()
    {
        var calculator = new CasePlanCalculator(Catalog, Holidays);

        var plan = calculator.Calculate("filing", D(2026, 3, 2));

        // Same start: stage order (land before works before build), then catalog order.
        Assert.Equal(["A", "D", "Z", "B", "E", "C"], plan.Items.Select(i => i.Item.Code));
        Assert.Equal(plan.Items.Select(i => i.Item.Code), calculator.Calculate("filing", D(2026, 3, 2)).Items.Select(i => i.Item.Code));
        Assert.Equal(["G"], calculator.Calculate("gov", D(2026, 3, 2)).Items.Select(i => i.Item.Code));
    }

    [Fact]
    public void A_same_day_item_is_due_on_its_start_date()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2), ["Z"]);

        Assert.Equal((D(2026, 3, 2), D(2026, 3, 2), 0), (plan.Items[0].PlannedStart, plan.Items[0].DueDate, plan.Items[0].WorkingDays));
        Assert.Equal(0, plan.TotalWorkingDays);
    }

    [Fact]
    public void Prerequisites_outside_the_chosen_items_are_ignored()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2), ["C", "B"]);

        Assert.Equal(["B", "C"], plan.Items.Select(i => i.Item.Code));
        Assert.Empty(plan.Find("B")!.WaitsFor);
        Assert.Equal(D(2026, 3, 2), plan.Find("B")!.PlannedStart);
    }

    [Fact]
    public void The_National_Day_holiday_pushes_the_dates_out()
    {
        var start = D(2026, 9, 28);

        var withHolidays = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", start, ["A", "B"]);
        var weekdaysOnly = new CasePlanCalculator(Catalog, WorkingDayCalendar.WeekdaysOnly).Calculate("filing", start, ["A", "B"]);

        // 29, 30 September, then 8, 9 and the make-up Saturday 10 October.
        Assert.Equal(D(2026, 10, 10), withHolidays.Find("A")!.DueDate);
        Assert.Equal(D(2026, 10, 14), withHolidays.Finish);
        Assert.Equal(D(2026, 10, 5), weekdaysOnly.Find("A")!.DueDate);
        Assert.Equal(D(2026, 10, 8), weekdaysOnly.Finish);
    }

    [Fact]
    public void A_start_on_a_holiday_moves_to_the_next_working_day()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 10, 1), ["A"]);

        Assert.Equal(D(2026, 10, 8), plan.Start);
        Assert.Equal(D(2026, 10, 8), plan.Items[0].PlannedStart);
    }

    [Fact]
    public void Stage_totals_span_their_items_in_stage_order()
    {
        var plan = new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2));

        Assert.Equal(["land", "works", "build"], plan.Stages.Select(s => s.Stage.Code));
        var land = plan.Stages[0];
        Assert.Equal((D(2026, 3, 2), D(2026, 3, 12), 8, 13, 3), (land.Start, land.Finish, land.WorkingDays, land.SumOfItemDays, land.ItemCount));
        Assert.Equal(plan.Finish, plan.Stages.Max(s => s.Finish));
    }

    [Fact]
    public void Unknown_codes_are_rejected()
    {
        var calculator = new CasePlanCalculator(Catalog, Holidays);

        Assert.Throws<ArgumentException>(() => calculator.Calculate("nope", D(2026, 3, 2)));
        Assert.Throws<ArgumentException>(() => calculator.Calculate("filing", D(2026, 3, 2), ["A", "X9"]));
        Assert.Throws<ArgumentException>(() => calculator.Calculate("filing", D(2026, 3, 2), []));
    }

    // The chain A → B → C and D beside it from Monday 2026-03-02: A 3-2..3-9, D 3-2..3-12, B 3-9..3-12, C 3-12..3-16.
    private static List<CaseItem> ChainItems() =>
    [
        .. new CasePlanCalculator(Catalog, Holidays).Calculate("filing", D(2026, 3, 2), ["A", "B", "C", "D"]).Items
            .Select((p, i) => new CaseItem(1, p.Item.Code, i + 1, ItemStatus.NotStarted, p.PlannedStart, p.DueDate, DateTimeOffset.UnixEpoch)),
    ];

    private static List<CaseItem> With(List<CaseItem> items, params (string Code, ItemStatus Status)[] statuses)
    {
        var status = statuses.ToDictionary(s => s.Code, s => s.Status);
        return [.. items.Select(i => status.TryGetValue(i.ItemCode, out var to) ? i with { Status = to } : i)];
    }

    private static List<CaseItem> Applied(List<CaseItem> items, PlanShift? shift) =>
        [.. items.Select(i => shift?.Moved.FirstOrDefault(m => m.ItemCode == i.ItemCode) ?? i)];

    private static (DateOnly Start, DateOnly Due) Dates(IEnumerable<CaseItem> items, string code)
    {
        var item = items.Single(i => i.ItemCode == code);
        return (item.PlannedStart, item.PlannedDue);
    }

    [Fact]
    public void An_item_under_way_past_its_due_date_moves_the_chain_after_it_to_start_today_keeping_its_waits()
    {
        var items = With(ChainItems(), ("A", ItemStatus.Submitted));

        var shift = new CasePlanCalculator(Catalog, Holidays).RedateLate(items, D(2026, 3, 11));

        Assert.NotNull(shift);
        Assert.Equal(("A", 2), (shift.LateItemCode, shift.Days));
        Assert.Equal(["B", "C"], shift.Moved.Select(i => i.ItemCode));
        var after = Applied(items, shift);
        Assert.Equal((D(2026, 3, 11), D(2026, 3, 16)), Dates(after, "B"));
        Assert.Equal((D(2026, 3, 16), D(2026, 3, 18)), Dates(after, "C")); // C still starts the day B is due
        Assert.Equal((D(2026, 3, 2), D(2026, 3, 9)), Dates(after, "A")); // the late item keeps its dates: it shows overdue
        Assert.Equal((D(2026, 3, 2), D(2026, 3, 12)), Dates(after, "D")); // planned beside it, not after it
        Assert.True(after.Single(i => i.ItemCode == "A").IsOverdueOn(D(2026, 3, 11)));
        Assert.DoesNotContain(after, i => i.ItemCode != "A" && i.IsOverdueOn(D(2026, 3, 11)));
    }

    [Fact]
    public void Re_dating_again_the_same_day_moves_nothing_and_the_next_day_one_working_day_more()
    {
        var calculator = new CasePlanCalculator(Catalog, Holidays);
        var items = With(ChainItems(), ("A", ItemStatus.Accepted));
        var moved = Applied(items, calculator.RedateLate(items, D(2026, 3, 11)));

        Assert.Null(calculator.RedateLate(moved, D(2026, 3, 11)));
        var nextDay = calculator.RedateLate(moved, D(2026, 3, 12));
        Assert.Equal(1, nextDay?.Days);
        Assert.Equal((D(2026, 3, 12), D(2026, 3, 17)), Dates(Applied(moved, nextDay), "B"));
    }

    [Fact]
    public void Items_already_under_way_keep_their_dates_and_only_what_has_not_begun_moves()
    {
        var items = With(ChainItems(), ("A", ItemStatus.Submitted), ("B", ItemStatus.Preparing));

        var shift = new CasePlanCalculator(Catalog, Holidays).RedateLate(items, D(2026, 3, 13));

        var moved = Assert.Single(shift!.Moved);
        Assert.Equal(("C", D(2026, 3, 13), D(2026, 3, 17)), (moved.ItemCode, moved.PlannedStart, moved.PlannedDue));
        Assert.Equal((D(2026, 3, 9), D(2026, 3, 12)), Dates(Applied(items, shift), "B"));
    }

    [Fact]
    public void A_late_item_not_started_moves_nothing_it_is_the_one_to_start()
    {
        var items = ChainItems();

        Assert.True(items.Single(i => i.ItemCode == "A").IsOverdueOn(D(2026, 3, 11)));
        Assert.Null(new CasePlanCalculator(Catalog, Holidays).RedateLate(items, D(2026, 3, 11)));
    }

    [Fact]
    public void A_plan_on_time_is_left_as_it_is()
    {
        var items = With(ChainItems(), ("A", ItemStatus.Submitted));

        Assert.Null(new CasePlanCalculator(Catalog, Holidays).RedateLate(items, D(2026, 3, 9)));
    }

    [Fact]
    public void On_a_day_off_what_follows_starts_on_the_next_working_day()
    {
        var items = With(ChainItems(), ("A", ItemStatus.Submitted));

        var shift = new CasePlanCalculator(Catalog, Holidays).RedateLate(items, D(2026, 3, 14)); // a Saturday

        Assert.Equal(D(2026, 3, 16), Dates(Applied(items, shift), "B").Start);
    }

    [Fact]
    public void An_item_done_late_moves_what_follows_only_by_what_the_daily_re_dating_has_not_moved_yet()
    {
        var calculator = new CasePlanCalculator(Catalog, Holidays);
        var items = With(ChainItems(), ("A", ItemStatus.Accepted));
        var redated = Applied(items, calculator.RedateLate(items, D(2026, 3, 11)));
        var late = redated.Single(i => i.ItemCode == "A");

        Assert.Null(calculator.Redate(redated, late, D(2026, 3, 11)));
        Assert.Equal(1, calculator.Redate(redated, late, D(2026, 3, 12))?.Days);
        Assert.Equal(2, calculator.Redate(items, late, D(2026, 3, 11))?.Days);
    }
}
