using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Cases;

public sealed class DemoSeedTests
{
    [Fact]
    public async Task A_fresh_host_with_demo_seed_has_a_contact_in_the_construction_permit_stage_with_an_overdue_item()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Staff:Members:0:UserId"] = "zhou-assistant",
            ["Staff:Members:0:Name"] = "周帮办",
            ["Staff:Members:0:Role"] = "assistant",
            ["Staff:Members:0:Parks:0"] = "光谷中心城",
            // Covers the main demo project's park and sorts first: the demo must still be demo-assistant's.
            ["Staff:Members:1:UserId"] = "aaa-assistant",
            ["Staff:Members:1:Name"] = "安帮办",
            ["Staff:Members:1:Role"] = "assistant",
            ["Staff:Members:1:Parks:0"] = "光谷智能制造产业园",
        });
        _ = factory.Server;
        var services = factory.Services;
        var now = factory.Clock.GetUtcNow();

        // A write transaction: staff reads write the access log.
        await using var work = await services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
        var operations = services.GetRequiredService<CaseOperations>();
        var contact = new AppUser(DemoSeeder.ContactId, DemoSeeder.ContactId, UserRole.Contact, now);
        var visible = await operations.Reader.VisibleCasesAsync(new OperationContext(work, contact, now), openOnly: true, default);
        var details = await operations.Reader.GetAsync(new OperationContext(work, contact, now), Assert.Single(visible).Id, default);

        Assert.Equal(DemoSeeder.AssistantId, details.Case.AssistantId);
        Assert.Equal(CaseStatus.InProgress, details.Case.Status);
        Assert.Contains(details.Items, i => i.Status == ItemStatus.Approved && i.CertificateNo is not null);
        var overdue = details.Items.Where(i => i.IsOverdueOn(ChinaTime.Today(now))).ToList();
        Assert.Single(overdue);
        var catalog = services.GetRequiredService<HelpAgency.Core.Catalog.ApprovalCatalog>();
        Assert.Equal("construction_permit", catalog.FindItem(details.Items.First(i => i.Status.IsOpen()).ItemCode)?.Stage);

        var supervisor = new AppUser(DemoSeeder.SupervisorId, "", UserRole.Supervisor, now);
        Assert.True((await operations.Reader.VisibleCasesAsync(new OperationContext(work, supervisor, now), openOnly: false, default)).Count >= 3);
        Assert.Equal("周帮办", (await work.Staff.FindAsync("zhou-assistant", default))?.Name);
    }

    [Fact]
    public async Task Seeding_happens_once()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        _ = factory.Server;

        var seededAgain = await factory.Services.GetRequiredService<DemoSeeder>().SeedAsync(default);

        Assert.False(seededAgain);
    }
}
