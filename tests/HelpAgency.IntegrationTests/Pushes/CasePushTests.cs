using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Cases;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

/// <summary>Pushes queued by the case operations themselves, whoever calls them (here: no chat at all, as an admin endpoint would).</summary>
public sealed class CasePushTests
{
    private const long MainCase = 1;

    [Fact]
    public async Task An_item_update_made_through_the_case_operations_pushes_to_the_current_contact_only()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var harness = new PushHarness(factory);
        var projectId = await RunAsync(factory, Assistant(factory), async (ops, ctx) => (await ops.Reader.GetAsync(ctx, MainCase, default)).Project.Id);
        await RunAsync(factory, Assistant(factory), async (ops, ctx) =>
        {
            await ops.Intake.ReplaceContactAsync(ctx, projectId, DemoSeeder.ContactId, new NewContact("new-contact", "李经理", "13907100009"), default);
            return 0;
        });

        await RunAsync(factory, Assistant(factory), (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, MainCase, "SG01", ItemStatus.CorrectionRequired, null, "消防专篇缺少防火分区图", default));
        await harness.DrainAsync();

        var pushed = Assert.Single(await harness.InboxAsync("new-contact"));
        Assert.Contains("进度更新", pushed);
        Assert.Contains("施工图设计文件审查", pushed);
        Assert.Contains("需补正：消防专篇缺少防火分区图", pushed);
        Assert.Empty(await harness.InboxAsync(DemoSeeder.ContactId));
        var row = Assert.Single(await harness.OutboxAsync(), m => m.Recipient == "new-contact");
        Assert.Matches(@"^item:1:SG01:\d+:new-contact$", row.IdempotencyKey);
    }

    [Fact]
    public async Task A_completed_stage_is_announced_once_with_the_certificate_and_the_next_item_named()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var harness = new PushHarness(factory);
        var items = await RunAsync(factory, Assistant(factory), async (ops, ctx) => (await ops.Reader.GetAsync(ctx, MainCase, default)).Items);
        var stage = items.Where(i => i.ItemCode.StartsWith("SG", StringComparison.Ordinal)).ToList();
        Assert.Equal(["SG01", "SG04"], stage.Select(i => i.ItemCode));

        await RunAsync(factory, Assistant(factory), (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, MainCase, "SG01", ItemStatus.Approved, "审查合格书2026-088", null, default));
        await harness.DrainAsync();
        var afterFirst = await harness.InboxAsync(DemoSeeder.ContactId);
        await RunAsync(factory, Assistant(factory), (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, MainCase, "SG04", ItemStatus.NotApplicable, null, null, default));
        await harness.DrainAsync();
        var inbox = await harness.InboxAsync(DemoSeeder.ContactId);

        var approved = Assert.Single(afterFirst);
        Assert.Contains("证照编号 审查合格书2026-088", approved);
        Assert.Contains("下一步：“建筑工程施工许可证核发", approved);
        Assert.Equal(3, inbox.Count);
        var announced = Assert.Single(inbox, t => t.Contains("阶段完成", StringComparison.Ordinal));
        Assert.Contains("施工许可阶段已全部完成", announced);
        Assert.Contains("全部事项已办结", announced);
    }

    [Fact]
    public async Task A_new_case_applied_for_outside_chat_sends_its_assistant_the_task_card()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var harness = new PushHarness(factory);
        var contact = new AppUser("contact-9", "contact-9", UserRole.Contact, factory.Clock.GetUtcNow());

        var details = await RunAsync(factory, contact, (ops, ctx) => ops.Intake.ApplyAsync(ctx, new ServiceApplication(
            "光谷新材料中试基地", "武汉光谷新材料有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷生物城", "周工", "13907100010", Agreement: CaseFixture.Agreed), default));

        var card = Assert.Single(await harness.OutboxAsync(), m => m.Type == "card");
        Assert.Equal(details.Case.AssistantId, card.Recipient);
        Assert.Contains($"case:{details.Case.Id}:accept", card.Content, StringComparison.Ordinal);
        Assert.Contains("光谷新材料中试基地", card.Content, StringComparison.Ordinal);
        Assert.StartsWith($"case:{details.Case.Id}:assigned:", card.IdempotencyKey, StringComparison.Ordinal);
    }

    private static AppUser Assistant(HelpAgencyFactory factory) => new(DemoSeeder.AssistantId, "陈帮办", UserRole.Assistant, factory.Clock.GetUtcNow());

    private static async Task<T> RunAsync<T>(HelpAgencyFactory factory, AppUser actor, Func<CaseOperations, OperationContext, Task<T>> operation)
    {
        _ = factory.Server;
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
        var result = await operation(factory.Services.GetRequiredService<CaseOperations>(), new OperationContext(work, actor, factory.Clock.GetUtcNow()));
        await work.CommitAsync(default);
        return result;
    }
}
