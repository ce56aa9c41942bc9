using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Admin;
using HelpAgency.IntegrationTests.Cases;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

/// <summary>
/// A plan whose item runs late, through the real host on each engine: the follow-up scan re-dates what waits on the late
/// item, and the enterprise's progress reply, the assistant's 我的待办 and the console show the plan as moved; the case's
/// assistant is told of the move, once a day at most and not in the quiet hours.
/// </summary>
public sealed class PlanRedateTests
{
    private const string Contact = "redate-contact";
    private const string LandPermit = "建设用地规划许可证核发";           // LX06, submitted, due 12-02
    private const string Impact = "建设项目环境影响评价审批";             // LX07, not started, due 12-16
    private const string Energy = "固定资产投资项目节能审查";             // LX08, not started, due 12-09
    private const string Design = "建设工程设计方案审查";                 // GC01, not started, waits for LX06: 12-02..12-16

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_late_item_re_dates_what_follows_and_the_progress_reply_shows_the_overdue_items_and_a_next_step_still_to_come(string engine)
    {
        // Opened Wednesday 2026-11-25; the land permit is submitted that day and still not issued on Friday 12-11.
        await using var host = await ConsoleHost.StartAsync(engine);
        var factory = host.Factory;
        var harness = new PushHarness(factory);
        var id = await OpenWithTheLandPermitSubmittedAsync(factory);

        factory.Clock.Advance(TimeSpan.FromDays(16));
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();

        // Only what waits on the late item moved, once, to start today; the late items keep the dates they missed.
        var items = (await RunAsync(factory, Supervisor(factory), (ops, ctx) => ops.Reader.GetAsync(ctx, id, default))).Items.ToDictionary(i => i.ItemCode);
        Assert.Equal((D(12, 11), D(12, 25)), (items["GC01"].PlannedStart, items["GC01"].PlannedDue));
        Assert.Equal([D(12, 2), D(12, 16), D(12, 9)], new[] { "LX06", "LX07", "LX08" }.Select(c => items[c].PlannedDue));
        using var console = await host.AsAsync(DemoSeeder.SupervisorId);
        var view = await console.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        var redated = Assert.Single(view.GetProperty("ledger").EnumerateArray(), l => l.GetProperty("action").GetString() == "plan_redated");
        Assert.Equal(("自动跟进", "系统"), (redated.GetProperty("actor").GetString(), redated.GetProperty("actorRole").GetString()));
        Assert.StartsWith($"{LandPermit}超期未办结，后续未开始事项顺延7个工作日：{Design}", redated.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["LX06", "LX08"], view.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("overdue").GetBoolean()).Select(i => i.GetProperty("code").GetString()));

        // The enterprise sees both late items, the not-started one too, and a next step whose date is still to come.
        var progress = await harness.ChatAsync(Contact, "查进度");
        Assert.Contains($"{LandPermit}（计划12月2日办结，已超期7个工作日）", progress, StringComparison.Ordinal);
        Assert.Contains($"{Energy}（计划12月9日办结，已超期2个工作日）", progress, StringComparison.Ordinal);
        Assert.Contains($"下一步：准备“{Impact}", progress, StringComparison.Ordinal);
        Assert.Contains("计划12月16日前办结。", progress, StringComparison.Ordinal);
        Assert.Contains($"需先办结“{LandPermit}”", progress, StringComparison.Ordinal);

        // The assistant's list and reminders name the not-started late item as well.
        var tasks = await harness.ChatAsync(DemoSeeder.AssistantId, "我的待办");
        Assert.Contains($"超期：{LandPermit}、{Energy}", tasks, StringComparison.Ordinal);
        Assert.Contains(await harness.OutboxAsync(), m => m.IdempotencyKey == $"overdue:{id}:LX08:2026-12-11" && m.Recipient == DemoSeeder.AssistantId);

        // The next working day the plan moves one day more, again once.
        factory.Clock.Advance(TimeSpan.FromDays(3));
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();
        var monday = (await RunAsync(factory, Supervisor(factory), (ops, ctx) => ops.Reader.GetAsync(ctx, id, default))).Items.Single(i => i.ItemCode == "GC01");
        Assert.Equal((D(12, 14), D(12, 28)), (monday.PlannedStart, monday.PlannedDue));
        using var again = await host.AsAsync(DemoSeeder.SupervisorId); // yesterday's console session has lapsed
        view = await again.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        Assert.Equal(2, view.GetProperty("ledger").EnumerateArray().Count(l => l.GetProperty("action").GetString() == "plan_redated"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_re_dated_plan_tells_the_cases_assistant_the_late_item_and_the_new_finish_of_what_moved_once_a_day(string engine)
    {
        await using var host = await ConsoleHost.StartAsync(engine);
        var factory = host.Factory;
        var harness = new PushHarness(factory);
        var id = await OpenWithTheLandPermitSubmittedAsync(factory);
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();

        // Friday 12-11, 09:00: the land permit is late, the design review moves; a second scan the same day tells nobody again.
        factory.Clock.Advance(TimeSpan.FromDays(16));
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();
        await harness.DrainAsync();

        var told = Assert.Single(await RedatedPushesAsync(harness));
        Assert.Equal($"**计划顺延** 光谷光电子产业园（{Reference(id)}）\n“{LandPermit}”计划12月2日办结，至今未办结，后续事项顺延7个工作日：\n- {Design}（规划设计方案/总平面审查）：改为12月25日办结", told);
        Assert.Single(await harness.OutboxAsync(), m => m.IdempotencyKey == $"redated:{id}:2026-12-11" && m.Recipient == DemoSeeder.AssistantId);

        // Should the plan fall behind again the same day, the ledger keeps the second move and the assistant is not told twice.
        await SetPlanAsync(factory, id, "GC01", D(12, 2), D(12, 16));
        await scheduler.ScanOnceAsync();
        Assert.Equal(2L, await LedgerCountAsync(factory, id, "plan_redated"));
        Assert.Single(await harness.OutboxAsync(), m => m.IdempotencyKey.StartsWith($"redated:{id}:", StringComparison.Ordinal));

        // The next working day the plan moves again, and the assistant hears of it again, once.
        factory.Clock.Advance(TimeSpan.FromDays(3));
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();
        await harness.DrainAsync();
        var pushes = await RedatedPushesAsync(harness);
        Assert.Equal(2, pushes.Count);
        Assert.EndsWith($"- {Design}（规划设计方案/总平面审查）：改为12月28日办结", pushes[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_re_dating_rolled_back_by_a_crash_tells_the_assistant_once_when_the_scan_runs_again(string engine)
    {
        await using var host = await ConsoleHost.StartAsync(engine);
        var factory = host.Factory;
        var id = await OpenWithTheLandPermitSubmittedAsync(factory);
        factory.Clock.Advance(TimeSpan.FromDays(16));

        // The scan's transaction for the case dies before its commit: neither the move nor the push is kept.
        await using (var crashed = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            var moved = await factory.Services.GetRequiredService<CaseOperations>().Progress.RedateLateAsync(
                new OperationContext(crashed, SystemActor.Scheduler, factory.Clock.GetUtcNow()), id, default);
            Assert.NotNull(moved);
        }

        var harness = new PushHarness(factory);
        Assert.DoesNotContain(await harness.OutboxAsync(), m => m.IdempotencyKey.StartsWith("redated:", StringComparison.Ordinal));
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();

        Assert.Equal(1L, await LedgerCountAsync(factory, id, "plan_redated"));
        Assert.Single(await harness.OutboxAsync(), m => m.IdempotencyKey == $"redated:{id}:2026-12-11");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_plan_re_dated_at_night_reaches_the_assistant_at_eight_in_the_morning(string engine)
    {
        await using var host = await ConsoleHost.StartAsync(engine);
        var factory = host.Factory;
        var harness = new PushHarness(factory);
        var id = await OpenWithTheLandPermitSubmittedAsync(factory);
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 11, 22, 0, 0, TimeSpan.FromHours(8)));
        await scheduler.ScanOnceAsync();
        await harness.DrainAsync();
        Assert.Equal(1L, await LedgerCountAsync(factory, id, "plan_redated"));
        Assert.Empty(await RedatedPushesAsync(harness));

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 12, 7, 59, 0, TimeSpan.FromHours(8)));
        await harness.DrainAsync();
        Assert.Empty(await RedatedPushesAsync(harness));
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 12, 8, 0, 0, TimeSpan.FromHours(8)));
        await harness.DrainAsync();
        Assert.Contains($"“{LandPermit}”计划12月2日办结", Assert.Single(await RedatedPushesAsync(harness)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Opens a case for <see cref="Contact"/> on Wednesday 2026-11-25 in demo-assistant's park: the filing done, the land
    /// permit (LX06, due 12-02) submitted, the rest not started. Returns its id.
    /// </summary>
    private static async Task<long> OpenWithTheLandPermitSubmittedAsync(HelpAgencyFactory factory)
    {
        var opened = await RunAsync(factory, new AppUser(Contact, Contact, UserRole.Contact, factory.Clock.GetUtcNow()), (ops, ctx) => ops.Intake.ApplyAsync(ctx, new ServiceApplication(
            "光谷光电子产业园", "武汉光谷光电子有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷智能制造产业园", "周工", "13907100011",
            ItemCodes: ["LX01", "LX06", "LX07", "LX08", "GC01"], Agreement: CaseFixture.Agreed), default));
        var id = opened.Case.Id;
        Assert.Equal(DemoSeeder.AssistantId, opened.Case.AssistantId);
        foreach (var (code, to) in new[] { ("LX01", ItemStatus.Submitted), ("LX01", ItemStatus.Accepted), ("LX01", ItemStatus.Approved), ("LX06", ItemStatus.Submitted) })
        {
            await RunAsync(factory, Supervisor(factory), (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, code, to, "武新备〔2026〕12号", null, default));
        }

        return id;
    }

    /// <summary>The pushes demo-assistant has received of the re-dating of the case opened here (not of the demo's own), oldest first.</summary>
    private static async Task<List<string>> RedatedPushesAsync(PushHarness harness) =>
        [.. (await harness.InboxAsync(DemoSeeder.AssistantId)).Where(t => t.StartsWith("**计划顺延** 光谷光电子产业园", StringComparison.Ordinal))];

    private static string Reference(long id) => ServiceCase.FormatReference(id, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8)));

    /// <summary>Puts an item's plan back, as if the plan had fallen behind again.</summary>
    private static async Task SetPlanAsync(HelpAgencyFactory factory, long caseId, string itemCode, DateOnly start, DateOnly due)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
        var item = (await work.Cases.ItemsAsync(caseId, default)).Single(i => i.ItemCode == itemCode);
        await work.Cases.UpdateItemAsync(item with { PlannedStart = start, PlannedDue = due }, default);
        await work.CommitAsync(default);
    }

    private static async Task<long> LedgerCountAsync(HelpAgencyFactory factory, long caseId, string action)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        return (await work.Ledger.OfCaseAsync(caseId, default)).Count(e => e.Action == action);
    }

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static AppUser Supervisor(HelpAgencyFactory factory) => new(DemoSeeder.SupervisorId, DemoSeeder.SupervisorId, UserRole.Supervisor, factory.Clock.GetUtcNow());

    private static async Task<T> RunAsync<T>(HelpAgencyFactory factory, AppUser actor, Func<CaseOperations, OperationContext, Task<T>> operation)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
        var result = await operation(factory.Services.GetRequiredService<CaseOperations>(), new OperationContext(work, actor, factory.Clock.GetUtcNow()));
        await work.CommitAsync(default);
        return result;
    }
}
