using HelpAgency.Core.Cases;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class FollowUpTests
{
    [Fact]
    public async Task An_overdue_item_reminds_its_assistant_once_a_day()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        _ = factory.Server;
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();

        await scheduler.ScanOnceAsync();
        var again = await scheduler.ScanOnceAsync();
        factory.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await scheduler.ScanOnceAsync();

        Assert.Equal(0, again);
        Assert.True(nextDay >= 1);
        var reminders = (await OutboxAsync(factory)).Where(m => m.IdempotencyKey.StartsWith("overdue:", StringComparison.Ordinal) && m.IdempotencyKey.Contains(":SG01:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(DemoSeeder.AssistantId, r.Recipient));
        Assert.Contains("已超期", reminders[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meeting_participants_are_reminded_an_hour_before_and_only_once()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Catalog:Path"] = TestCatalog.WithDepartmentContacts });
        _ = factory.Server;
        var now = factory.Clock.GetUtcNow();
        await using (var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            var supervisor = new AppUser(DemoSeeder.SupervisorId, "", UserRole.Supervisor, now);
            var operations = factory.Services.GetRequiredService<CaseOperations>();
            var context = new OperationContext(work, supervisor, now);
            var caseId = (await operations.Reader.VisibleCasesAsync(context, openOnly: true, default)).Last().Id;
            await operations.Coordination.ScheduleMeetingAsync(context, caseId, new MeetingRequest("用地协调会", now.AddMinutes(90), "301会议室", [DemoSeeder.AssistantId, "住建局"], null), default);
            await work.CommitAsync(default);
        }

        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();
        await scheduler.ScanOnceAsync();
        Assert.DoesNotContain(await OutboxAsync(factory), IsReminder);
        factory.Clock.Advance(TimeSpan.FromMinutes(45));
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();

        // One reminder, to the meeting's group (which the local inbox fans out to its members).
        var reminder = Assert.Single(await OutboxAsync(factory), IsReminder);
        Assert.StartsWith("chat:", reminder.Recipient, StringComparison.Ordinal);
        Assert.True(reminder.Urgent);
        Assert.Contains(TestCatalog.HousingRep, reminder.Content, StringComparison.Ordinal);

        static bool IsReminder(OutboxMessage m) => m.IdempotencyKey.StartsWith("meeting:", StringComparison.Ordinal) && m.IdempotencyKey.EndsWith(":reminder", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contacts_get_their_weekly_digest_once_on_its_day_from_its_time_and_not_in_between()
    {
        // The factory's clock starts on Wednesday 2026-11-25 09:00 (Beijing); the digest is set for Thursday 10:00.
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Pushes:DigestDay"] = "Thursday",
            ["Pushes:DigestTime"] = "10:00",
        });
        _ = factory.Server;
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();

        await scheduler.ScanOnceAsync();
        var onWednesday = (await OutboxAsync(factory)).Count(IsDigest);
        factory.Clock.Advance(TimeSpan.FromHours(24.5));
        await scheduler.ScanOnceAsync();
        var thursdayEarly = (await OutboxAsync(factory)).Count(IsDigest);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await scheduler.ScanOnceAsync();
        await scheduler.ScanOnceAsync();
        var digests = (await OutboxAsync(factory)).Where(IsDigest).ToList();

        Assert.Equal(0, onWednesday);
        Assert.Equal(0, thursdayEarly);
        var mine = Assert.Single(digests, d => d.Recipient == DemoSeeder.ContactId);
        Assert.Contains("进度周报", mine.Content, StringComparison.Ordinal);
        Assert.Contains("光谷智造园一期", mine.Content, StringComparison.Ordinal);
        Assert.Contains("超期", mine.Content, StringComparison.Ordinal);
        Assert.Equal(digests.Count, digests.Select(d => d.IdempotencyKey).Distinct().Count());

        static bool IsDigest(OutboxMessage m) => m.IdempotencyKey.StartsWith("digest:", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(HelpAgencyFactory factory)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        return (await work.Outbox.ListAsync(null, 500, default)).OrderBy(m => m.Id).ToList();
    }
}
