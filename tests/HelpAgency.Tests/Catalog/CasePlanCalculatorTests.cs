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
}
