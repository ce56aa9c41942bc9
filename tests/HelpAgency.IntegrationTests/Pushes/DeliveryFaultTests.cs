using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.WeComChannel;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

/// <summary>
/// What WeCom does wrong, and what a member sees: a token WeCom keeps rejecting is retried within the attempt budget; a
/// send that timed out but arrived is sent again with the same content and dropped by WeCom's duplicate check, and the
/// supervisors are never told it failed; replies left waiting by the earlier design are handed to the outbox once.
/// </summary>
public sealed class DeliveryFaultTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task A_token_rejected_twice_in_a_row_is_refreshed_and_the_push_retried_not_dead_lettered()
    {
        await using var factory = Host();
        await NotifyAsync(factory, "demo-contact", "您的案件有新进展");
        _wecom.SendFaults.Enqueue(42001);
        _wecom.SendFaults.Enqueue(42001);

        await DrainAsync(factory);
        var first = Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact");
        Assert.Equal((OutboxStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Equal(2, _wecom.Count("/cgi-bin/gettoken"));

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(factory);

        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact").Status);
        Assert.Single(_wecom.Delivered);
        Assert.DoesNotContain(await OutboxAsync(factory), m => m.IdempotencyKey.StartsWith("dead:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_send_that_timed_out_but_arrived_is_sent_again_as_the_same_message_and_the_member_sees_it_once()
    {
        await using var factory = Host(new() { ["Pushes:MaxAttempts"] = "1" });
        await NotifyAsync(factory, "demo-contact", "施工许可证已办结");
        _wecom.FailNextSendsTo("demo-contact", SendFault.ArrivesButNoAnswer);

        await DrainAsync(factory);
        var unknown = Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact");
        // Over its one attempt, yet not dead: it may have arrived, and a resend inside the duplicate window is safe.
        Assert.Equal(OutboxStatus.Pending, unknown.Status);
        Assert.True(unknown.MaybeDelivered);

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(factory);

        var sends = _wecom.Sent.Where(m => m.GetProperty("touser").GetString() == "demo-contact").ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].GetRawText(), sends[1].GetRawText());
        Assert.Single(_wecom.Delivered);
        Assert.Single(_wecom.Suppressed);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact").Status);
        Assert.DoesNotContain(await OutboxAsync(factory), m => m.IdempotencyKey.StartsWith("dead:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_text_sent_twice_to_one_member_as_two_messages_arrives_twice()
    {
        await using var factory = Host();
        await NotifyAsync(factory, "demo-contact", "您的项目当前处于施工许可阶段");
        await DrainAsync(factory);
        await NotifyAsync(factory, "demo-contact", "您的项目当前处于施工许可阶段");
        await DrainAsync(factory);

        // Two answers to the same question are two messages, not a copy WeCom's duplicate check should drop.
        Assert.Equal(2, _wecom.Delivered.Count(m => m.GetProperty("touser").GetString() == "demo-contact"));
        Assert.Empty(_wecom.Suppressed);
    }

    [Fact]
    public async Task A_push_longer_than_a_WeCom_message_arrives_in_order_as_parts_within_the_limit_each_once_even_after_a_failed_attempt()
    {
        await using var factory = Host();
        var table = string.Join("\n", Enumerable.Range(1, 100).Select(i => $"| 第{i}项 | 建设工程规划许可证 | 已受理 |"));
        await NotifyAsync(factory, "demo-contact", table);
        // The third part fails once: the next attempt sends every part again, and WeCom drops the two that arrived.
        _wecom.FailNextSendsTo("demo-contact", new SendFault(), new SendFault(), SendFault.Code(45009));

        await DrainAsync(factory);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(factory);

        var parts = _wecom.Delivered.Where(m => m.GetProperty("touser").GetString() == "demo-contact")
            .Select(m => m.GetProperty("markdown").GetProperty("content").GetString()!).ToList();
        Assert.True(parts.Count >= 3);
        Assert.All(parts, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) <= 2048));
        Assert.Equal(table, string.Join("\n", parts));
        Assert.Equal(2, _wecom.Suppressed.Count);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact").Status);
    }

    [Fact]
    public async Task A_send_never_answered_past_the_duplicate_window_stops_and_supervisors_hear_it_is_unconfirmed_not_failed()
    {
        await using var factory = Host(new() { ["Pushes:MaxAttempts"] = "1" });
        await NotifyAsync(factory, "demo-contact", "材料预审意见已出");
        _wecom.FailNextSendsTo("demo-contact", SendFault.ArrivesButNoAnswer, SendFault.ArrivesButNoAnswer);

        await DrainAsync(factory);
        factory.Clock.Advance(PushOptions.DuplicateCheckWindow);
        await DrainAsync(factory);

        var stopped = Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact");
        Assert.Equal(OutboxStatus.Dead, stopped.Status);
        var notice = Assert.Single(await OutboxAsync(factory), m => m.IdempotencyKey.StartsWith("dead:", StringComparison.Ordinal));
        Assert.Contains("未确认", notice.Content);
        Assert.DoesNotContain("推送失败", notice.Content);
    }

    [Fact]
    public async Task A_push_held_through_the_night_whose_first_send_times_out_is_resent_in_the_morning_not_reported_unconfirmed()
    {
        await using var factory = Host(new() { ["Pushes:MaxAttempts"] = "1" });
        factory.Clock.Advance(TimeSpan.FromHours(12.5));
        await NotifyAsync(factory, "demo-contact", "施工许可证已办结", urgent: false);
        await DrainAsync(factory);
        Assert.Empty(_wecom.Sent);

        // Queued at 21:30, first sent at 08:00: WeCom's duplicate window runs from that first send, not from the queueing.
        factory.Clock.Advance(TimeSpan.FromHours(10.5));
        _wecom.FailNextSendsTo("demo-contact", SendFault.ArrivesButNoAnswer);
        await DrainAsync(factory);
        var unknown = Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact");
        Assert.Equal(OutboxStatus.Pending, unknown.Status);

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(factory);

        Assert.Single(_wecom.Delivered);
        Assert.Single(_wecom.Suppressed);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact").Status);
        Assert.DoesNotContain(await OutboxAsync(factory), m => m.IdempotencyKey.StartsWith("dead:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_push_first_sent_before_the_night_and_never_answered_stops_as_unconfirmed_once_its_window_has_passed()
    {
        await using var factory = Host(new() { ["Pushes:MaxAttempts"] = "1" });
        _wecom.FailNextSendsTo("demo-contact", SendFault.ArrivesButNoAnswer, SendFault.ArrivesButNoAnswer);
        await NotifyAsync(factory, "demo-contact", "材料预审意见已出", urgent: false);
        await DrainAsync(factory);

        factory.Clock.Advance(PushOptions.DuplicateCheckWindow);
        await DrainAsync(factory);

        Assert.Equal(OutboxStatus.Dead, Assert.Single(await OutboxAsync(factory), m => m.Recipient == "demo-contact").Status);
        Assert.Contains("未确认", Assert.Single(await OutboxAsync(factory), m => m.IdempotencyKey.StartsWith("dead:", StringComparison.Ordinal)).Content);
    }

    [Fact]
    public async Task Replies_left_pending_on_callback_records_are_handed_to_the_outbox_once_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("helpagency-earlier-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "shared.db")}";
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Storage:ConnectionString"] = connectionString;
        await using (var first = new HelpAgencyFactory(settings))
        {
            _ = first.Server;
            await using var work = await first.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
            await work.Callbacks.TryStartAsync("msg:earlier-1", "li.si", first.Clock.GetUtcNow(), default);
            await work.Callbacks.CompleteAsync("msg:earlier-1", "pending", StoredReplies.Serialize([Reply.Plain("第一条"), Reply.Markdown("**第二条**")]), first.Clock.GetUtcNow(), default);
            await work.CommitAsync(default);
        }

        for (var start = 0; start < 2; start++)
        {
            await using var host = new HelpAgencyFactory(settings);
            _ = host.Server;
            await DrainAsync(host);
        }

        Assert.Equal(["第一条", "**第二条**"], _wecom.Delivered.Select(m => m.TryGetProperty("text", out var t) ? t.GetProperty("content").GetString() : m.GetProperty("markdown").GetProperty("content").GetString()));
        await using (var connection = new SqliteConnection(connectionString))
        {
            Assert.Equal("sent", await connection.ExecuteScalarAsync<string>("SELECT status FROM wecom_callbacks WHERE key = 'msg:earlier-1'"));
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private HelpAgencyFactory Host(Dictionary<string, string?>? extra = null)
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        settings["WeCom:ApiAttemptTimeoutSeconds"] = "1";
        settings["WeCom:ApiMaxRetries"] = "0";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new HelpAgencyFactory(settings);
    }

    private static async Task NotifyAsync(HelpAgencyFactory factory, string user, string text, bool urgent = true)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default);
        await factory.Services.GetRequiredService<INotifier>().NotifyAsync(work, user, Reply.Markdown(text), factory.Clock.GetUtcNow(), default, urgent: urgent);
        await work.CommitAsync(default);
    }

    private static async Task DrainAsync(HelpAgencyFactory factory)
    {
        var dispatcher = factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }
    }

    private static async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(HelpAgencyFactory factory)
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        return await work.Outbox.ListAsync(null, 200, default);
    }
}
