using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Host.Startup;

/// <summary>
/// Fills a fresh database with a small, believable service so a newcomer can chat at once: demo-contact's
/// project is in the 施工许可 stage with earlier items approved and one item overdue (what waits on it re-dated); demo-assistant is
/// its assistant; demo-supervisor sees everything. Runs only when Demo:Seed is true and no case exists.
/// </summary>
public sealed class DemoSeeder(IUnitOfWorkFactory database, CaseOperations operations, ApprovalCatalog catalog, ReplyTemplates replies, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string ContactId = "demo-contact";
    public const string AssistantId = "demo-assistant";
    public const string SupervisorId = "demo-supervisor";

    private static readonly string[] EarlierStages = ["land_planning", "engineering_permit"];

    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if ((await work.Cases.ListAsync(openOnly: false, long.MaxValue, 1, cancellationToken)).Count > 0)
        {
            return false;
        }

        var supervisor = new AppUser(SupervisorId, "刘督导（区政务和大数据局）", UserRole.Supervisor, now);
        await work.Staff.UpsertAsync(new StaffMember(SupervisorId, supervisor.DisplayName, UserRole.Supervisor, "027-87000000", [], true), now, cancellationToken);
        await work.Staff.UpsertAsync(new StaffMember(AssistantId, "陈帮办", UserRole.Assistant, "13871000001", ["光谷生物城", "光谷智能制造产业园"], true), now, cancellationToken);
        await work.Staff.UpsertAsync(new StaffMember("demo-assistant-2", "王帮办", UserRole.Assistant, "13871000002", ["光谷软件园", "光谷中心城"], true), now, cancellationToken);

        // The main demo: opened 60 days ago, two stages done, the drawing review (施工图审查) accepted but
        // overdue, the construction permit itself waiting for it.
        var opened = now.AddDays(-60);
        var main = await operations.Intake.ApplyAsync(Context(work, ContactId, UserRole.Contact, opened), new ServiceApplication(
            "光谷智造园一期", "武汉光谷智造科技有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷智能制造产业园",
            "张经理", "13907100001", CommitsToStart: true, ItemCodes: ["LX01", "LX06", "GC01", "GC02", "SG01", "SG04"], Agreement: Agreed(opened)), cancellationToken);
        await EnsureAssistantAsync(work, main.Case, AssistantId, opened, cancellationToken);
        var assistant = Context(work, AssistantId, UserRole.Assistant, opened);
        var day = 0;
        var overdueDone = false;
        foreach (var item in main.Items)
        {
            var stage = catalog.FindItem(item.ItemCode)?.Stage;
            if (EarlierStages.Contains(stage))
            {
                var at = assistant with { Now = opened.AddDays(++day) };
                await operations.Progress.UpdateItemAsync(at, main.Case.Id, item.ItemCode, ItemStatus.Submitted, null, null, cancellationToken);
                await operations.Progress.UpdateItemAsync(at with { Now = at.Now.AddHours(2) }, main.Case.Id, item.ItemCode, ItemStatus.Accepted, null, null, cancellationToken);
                await operations.Progress.UpdateItemAsync(at with { Now = at.Now.AddDays(1) }, main.Case.Id, item.ItemCode, ItemStatus.Approved, $"武新审〔2026〕{100 + day}号", null, cancellationToken);
            }
            else if (stage == "construction_permit" && !overdueDone)
            {
                var at = assistant with { Now = now.AddDays(-20) };
                await operations.Progress.UpdateItemAsync(at, main.Case.Id, item.ItemCode, ItemStatus.Submitted, null, "已通过网上平台提交", cancellationToken);
                await operations.Progress.UpdateItemAsync(at with { Now = at.Now.AddDays(1) }, main.Case.Id, item.ItemCode, ItemStatus.Accepted, null, null, cancellationToken);
                overdueDone = true;
            }
        }

        await operations.Progress.LogServiceAsync(assistant with { Now = opened.AddDays(2) }, main.Case.Id, "上门走访项目现场，讲解施工许可阶段所需材料。", null, cancellationToken);

        // Other cases at other steps, for the supervisor's overview.
        var second = await operations.Intake.ApplyAsync(Context(work, "demo-contact-2", UserRole.Contact, now.AddDays(-3)), new ServiceApplication(
            "光谷生物医药加速器三期", "武汉光谷生物医药发展有限公司", "91420100MA4KXXXX0D", "gov", "光谷生物城",
            "李主任", "13907100002", IsKeyProject: true, Agreement: Agreed(now.AddDays(-3))), cancellationToken);
        var third = await operations.Intake.ApplyAsync(Context(work, "demo-contact-3", UserRole.Contact, now.AddDays(-30)), new ServiceApplication(
            "东湖数字小镇配套厂房", "武汉东湖数字产业有限公司", "91420100MA4K8LT2XN", "small_low_risk", "光谷软件园",
            "赵工", "13907100003", Agreement: Agreed(now.AddDays(-30))), cancellationToken);
        await EnsureAssistantAsync(work, third.Case, "demo-assistant-2", now.AddDays(-30), cancellationToken);
        await operations.Progress.UpdateItemAsync(Context(work, "demo-assistant-2", UserRole.Assistant, now.AddDays(-25)), third.Case.Id, third.Items[0].ItemCode, ItemStatus.Preparing, null, null, cancellationToken);

        // The plans as the follow-up scheduler keeps them: what waits on a late item is re-dated, only the late item is overdue.
        foreach (var seeded in new[] { main.Case.Id, second.Case.Id, third.Case.Id })
        {
            await operations.Progress.RedateLateAsync(new OperationContext(work, SystemActor.Scheduler, now) { Silent = true }, seeded, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        logger.LogInformation("Demo data seeded: users {Contact}, {Assistant}, {Supervisor}", ContactId, AssistantId, SupervisorId);
        return true;
    }

    /// <summary>Puts a demo case with its demo assistant, whoever the automatic assignment chose (configured staff may cover the park too).</summary>
    private async Task EnsureAssistantAsync(IUnitOfWork work, ServiceCase serviceCase, string assistantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (serviceCase.AssistantId != assistantId)
        {
            await operations.Supervision.ReassignAsync(Context(work, SupervisorId, UserRole.Supervisor, at), serviceCase.Id, assistantId, cancellationToken);
        }
    }

    /// <summary>The demo contacts applied in chat, agreeing to the 委托 terms when their cases opened.</summary>
    private AgreedInChat Agreed(DateTimeOffset at) => new(at, replies.Get(AgreedInChat.TermsTemplate));

    // The seed is history, back-dated: nobody is told of it now.
    private static OperationContext Context(IUnitOfWork work, string userId, UserRole role, DateTimeOffset now) =>
        new(work, new AppUser(userId, userId, role, now), now) { Silent = true };
}
