using HelpAgency.Core.Outbox;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class MeetingGroupTests
{
    // The demo meeting: next Tuesday (2026-12-01) 10:00 China time, seen from the fake clock's Wednesday 09:00.
    private static readonly DateTimeOffset MeetingStart = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_meeting_scheduled_in_chat_creates_its_WeCom_group_with_the_members_the_reply_counts_and_posts_the_notice()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        using var factory = WeComHost(wecom);
        var harness = new PushHarness(factory);

        var reply = await harness.ScheduleDemoMeetingAsync();
        await harness.DrainAsync();

        var (chatId, members) = Assert.Single(wecom.Chats);
        Assert.Equal(["demo-assistant", "demo-contact", "demo-supervisor", TestCatalog.HousingRep], members.Order(StringComparer.Ordinal));
        // The reply counts and names the group's members, no more and no fewer.
        Assert.Contains($"会议群共{members.Count}人：张工、陈帮办、刘督导（区政务和大数据局）、张经理", reply);
        var create = wecom.Calls.Single(c => c.Path == "/cgi-bin/appchat/create").Body!.Value;
        Assert.Equal("demo-assistant", create.GetProperty("owner").GetString());
        Assert.Contains("施工图审查超期协调", create.GetProperty("name").GetString());
        var notice = Assert.Single(wecom.ChatMessages);
        Assert.Equal(chatId, notice.GetProperty("chatid").GetString());
        var text = notice.GetProperty("markdown").GetProperty("content").GetString();
        Assert.Contains("协调会通知", text);
        Assert.Contains("政务服务中心301会议室", text);
        Assert.Contains("审查进度", text);
        Assert.Contains("12月1日 10:00", text);
        // The group is created before anything is posted to it, and the notice is not sent member by member.
        Assert.True(IndexOf(wecom, "/cgi-bin/appchat/create") < IndexOf(wecom, "/cgi-bin/appchat/send"));
        Assert.DoesNotContain(wecom.Sent, m => m.ToString().Contains("协调会通知", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reminder_before_the_meeting_and_the_minutes_after_it_reach_the_same_group()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        using var factory = WeComHost(wecom);
        var harness = new PushHarness(factory);
        await harness.ScheduleDemoMeetingAsync();
        await harness.DrainAsync();
        var chatId = Assert.Single(wecom.Chats).Key;

        factory.Clock.Advance(MeetingStart - TimeSpan.FromMinutes(50) - factory.Clock.GetUtcNow());
        await factory.Services.GetRequiredService<FollowUpScheduler>().ScanOnceAsync();
        await harness.DrainAsync();
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var reply = await harness.ChatAsync("demo-assistant", "记录会议纪要", "住建局同意加快审查，企业三日内补正", "出具审查意见，张工，12月4日");
        await harness.DrainAsync();

        Assert.Contains("会议纪要", reply);
        var texts = wecom.ChatMessages.Select(m => (Chat: m.GetProperty("chatid").GetString(), Text: m.GetProperty("markdown").GetProperty("content").GetString()!)).ToList();
        Assert.All(texts, t => Assert.Equal(chatId, t.Chat));
        Assert.Equal(3, texts.Count);
        Assert.Contains("会议提醒", texts[1].Text);
        Assert.Contains("住建局同意加快审查", texts[2].Text);
        Assert.Contains("出具审查意见", texts[2].Text);
        Assert.Contains("12月4日", texts[2].Text);
    }

    [Fact]
    public async Task A_group_notice_whose_send_times_out_is_not_posted_again_and_supervisors_hear_it_is_unconfirmed()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        settings["Catalog:Path"] = TestCatalog.WithDepartmentContacts;
        settings["WeCom:ApiAttemptTimeoutSeconds"] = "1";
        settings["WeCom:ApiRetryDelayMilliseconds"] = "10";
        using var factory = new HelpAgencyFactory(settings);
        var harness = new PushHarness(factory);
        // The notice reaches the group, but WeCom's answer never comes back.
        wecom.ChatSendFaults.Enqueue(SendFault.ArrivesButNoAnswer);

        await harness.ScheduleDemoMeetingAsync();
        await harness.DrainAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.DrainAsync();

        // appchat/send has no duplicate check: a resend would show the group the notice twice.
        Assert.Single(wecom.ChatDelivered, m => m.ToString().Contains("协调会通知", StringComparison.Ordinal));
        var outbox = await harness.OutboxAsync();
        var notice = Assert.Single(outbox, m => m.Recipient.StartsWith("chat:", StringComparison.Ordinal) && m.Content.Contains("协调会通知", StringComparison.Ordinal));
        Assert.Equal(OutboxStatus.Dead, notice.Status);
        var told = Assert.Single(outbox, m => m.IdempotencyKey == $"dead:{notice.Id}:{DemoSeeder.SupervisorId}");
        Assert.Contains("未确认", told.Content);
        Assert.DoesNotContain("推送失败", told.Content);
    }

    [Fact]
    public async Task In_local_mode_each_member_inbox_gets_the_notice_the_reminder_and_the_minutes()
    {
        using var factory = LocalHost();
        var harness = new PushHarness(factory);
        await harness.ScheduleDemoMeetingAsync();
        factory.Clock.Advance(MeetingStart - TimeSpan.FromMinutes(50) - factory.Clock.GetUtcNow());
        await factory.Services.GetRequiredService<FollowUpScheduler>().ScanOnceAsync();
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await harness.ChatAsync("demo-assistant", "记录会议纪要", "住建局同意加快审查", "无");
        await harness.DrainAsync();

        foreach (var member in new[] { DemoSeeder.AssistantId, DemoSeeder.SupervisorId, DemoSeeder.ContactId, TestCatalog.HousingRep })
        {
            var inbox = await harness.InboxAsync(member);
            Assert.Single(inbox, t => t.Contains("协调会通知", StringComparison.Ordinal));
            Assert.Single(inbox, t => t.Contains("会议提醒", StringComparison.Ordinal));
            Assert.Single(inbox, t => t.Contains("住建局同意加快审查", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(await harness.InboxAsync("demo-assistant-2"), t => t.Contains("协调会", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marking_a_follow_up_action_done_in_chat_stops_its_reminders_and_tells_the_group()
    {
        using var factory = LocalHost();
        var harness = new PushHarness(factory);
        var scheduler = factory.Services.GetRequiredService<FollowUpScheduler>();
        await harness.ScheduleDemoMeetingAsync();
        factory.Clock.Advance(MeetingStart.AddHours(1) - factory.Clock.GetUtcNow());
        await harness.ChatAsync("demo-assistant", "记录会议纪要", "议定两项落实事项", "出具审查意见，住建局，明天\n补正施工图，陈帮办，下周五");

        factory.Clock.Advance(TimeSpan.FromDays(1));
        await scheduler.ScanOnceAsync();
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await scheduler.ScanOnceAsync();
        Assert.Equal(2, await RemindersOfAsync(harness, TestCatalog.HousingRep));

        var reply = await harness.ChatAsync(TestCatalog.HousingRep, "落实事项已完成");
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await scheduler.ScanOnceAsync();
        await harness.DrainAsync();

        Assert.Contains("出具审查意见", reply);
        Assert.Equal(2, await RemindersOfAsync(harness, TestCatalog.HousingRep));
        Assert.Single(await harness.InboxAsync(DemoSeeder.SupervisorId), t => t.Contains("落实事项完成", StringComparison.Ordinal) && t.Contains("出具审查意见", StringComparison.Ordinal));
        Assert.Contains("没有待落实", await harness.ChatAsync(TestCatalog.HousingRep, "落实事项已完成"));
    }

    private static async Task<int> RemindersOfAsync(PushHarness harness, string owner) =>
        (await harness.OutboxAsync()).Count(m => m.Recipient == owner && m.IdempotencyKey.StartsWith("action:", StringComparison.Ordinal) && !m.IdempotencyKey.EndsWith(":assigned", StringComparison.Ordinal));

    // Both hosts have 住建局's contact (张工, housing-rep) in their catalog, as a deployment fills it.
    private static HelpAgencyFactory WeComHost(FakeWeComServer wecom)
    {
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        settings["Catalog:Path"] = TestCatalog.WithDepartmentContacts;
        return new HelpAgencyFactory(settings);
    }

    private static HelpAgencyFactory LocalHost() =>
        new(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Catalog:Path"] = TestCatalog.WithDepartmentContacts });

    private static int IndexOf(FakeWeComServer wecom, string path) => wecom.Calls.Select((c, i) => (c, i)).First(p => p.c.Path == path).i;
}
