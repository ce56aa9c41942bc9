using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class OutboxTests
{
    private static readonly ReplyTemplates Replies = ReplyTemplates.Load(Path.Combine(Hosting.RepositoryRoot.Dialogs, ReplyTemplates.FileName));

    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset NextMorning = new(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_message_is_queued_once_per_idempotency_key_and_delivered_once(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, new FakeTimeProvider(Morning));

        Assert.True(await EnqueueAsync(db, "k1", "zhangsan", "第一条"));
        Assert.False(await EnqueueAsync(db, "k1", "zhangsan", "第一条"));
        await DrainAsync(dispatcher);
        await DrainAsync(dispatcher);

        Assert.Equal(["zhangsan:第一条"], sender.Sent);
        var rows = await ListAsync(db);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(rows).Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_recipients_messages_go_out_in_order_even_when_the_first_must_be_retried(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender { FailuresLeft = 1, FailFor = "zhangsan" }; // recipients are sent side by side: fail zhangsan's first, whichever goes first
        var dispatcher = Dispatcher(db, sender, clock);
        await EnqueueAsync(db, "a", "zhangsan", "一");
        await EnqueueAsync(db, "b", "zhangsan", "二");
        await EnqueueAsync(db, "c", "lisi", "三");

        await DrainAsync(dispatcher);
        Assert.Equal(["lisi:三"], sender.Sent); // 一 failed, so 二 waits behind it
        clock.Advance(TimeSpan.FromSeconds(6));
        await DrainAsync(dispatcher);

        Assert.Equal(["lisi:三", "zhangsan:一", "zhangsan:二"], sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task After_the_last_attempt_a_message_is_dead_and_the_supervisors_are_told(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await WithWorkAsync(db, w => w.Staff.UpsertAsync(new StaffMember("sup", "督导", UserRole.Supervisor, "", [], true), Morning, default));
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender { FailuresLeft = 100, FailFor = "zhangsan" };
        var dispatcher = Dispatcher(db, sender, clock, new PushOptions { MaxAttempts = 3 });
        await EnqueueAsync(db, "a", "zhangsan", "发不出去");

        for (var i = 0; i < 5; i++)
        {
            await DrainAsync(dispatcher);
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        var rows = await ListAsync(db);
        var dead = Assert.Single(rows, r => r.Recipient == "zhangsan");
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal(3, sender.Tries);
        Assert.Contains(sender.Sent, s => s.StartsWith("sup:**推送失败**", StringComparison.Ordinal));

        await WithWorkAsync(db, async w => Assert.True(await w.Outbox.RetryAsync(dead.Id, clock.GetUtcNow(), default)));
        Assert.Equal(OutboxStatus.Pending, (await ListAsync(db)).Single(r => r.Id == dead.Id).Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_burst_to_one_member_waits_for_the_rate_limit_instead_of_failing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock, new PushOptions { PerMemberPerMinute = 3 });
        for (var i = 0; i < 5; i++)
        {
            await EnqueueAsync(db, $"k{i}", "zhangsan", $"消息{i}");
        }

        await DrainAsync(dispatcher);
        Assert.Equal(3, sender.Sent.Count);
        clock.Advance(TimeSpan.FromSeconds(61));
        await DrainAsync(dispatcher);

        Assert.Equal(5, sender.Sent.Count);
        Assert.All(await ListAsync(db), r => Assert.Equal(0 + (r.Status == OutboxStatus.Sent ? 1 : 0), r.Attempts));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_urgent_message_passes_a_routine_one_held_for_the_morning(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Evening);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock);
        await EnqueueAsync(db, "routine", "zhangsan", "进度更新", urgent: false, Evening, new PushOptions().NextAllowed(Evening));
        await EnqueueAsync(db, "urgent", "zhangsan", "会议提醒", urgent: true, Evening, Evening);

        await DrainAsync(dispatcher);
        Assert.Equal(["zhangsan:会议提醒"], sender.Sent);
        clock.SetUtcNow(NextMorning);
        await DrainAsync(dispatcher);

        Assert.Equal(["zhangsan:会议提醒", "zhangsan:进度更新"], sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_routine_push_queued_at_night_waits_for_eight_while_an_urgent_one_goes_at_once(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Evening);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock);
        // Queued as due now: the dispatcher itself keeps the quiet hours.
        await EnqueueAsync(db, "r1", "zhangsan", "进度更新", urgent: false, Evening, Evening);
        await EnqueueAsync(db, "u1", "zhangsan", "会议一小时后开始", urgent: true, Evening, Evening);
        await EnqueueAsync(db, "r2", "lisi", "材料已收到", urgent: false, Evening, Evening);

        await DrainAsync(dispatcher);
        Assert.Equal(["zhangsan:会议一小时后开始"], sender.Sent);
        clock.SetUtcNow(NextMorning.AddSeconds(-1));
        await DrainAsync(dispatcher);
        Assert.Single(sender.Sent);
        clock.SetUtcNow(NextMorning);
        await DrainAsync(dispatcher);

        Assert.Equal("zhangsan:会议一小时后开始", sender.Sent[0]);
        Assert.Equal(["lisi:材料已收到", "zhangsan:进度更新"], sender.Sent.Skip(1).Order());
        Assert.All(await ListAsync(db), r => Assert.Equal(1, r.Attempts));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_retry_that_would_land_in_quiet_hours_waits_for_the_morning_unless_urgent(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var almostNine = new DateTimeOffset(2026, 11, 25, 20, 59, 58, TimeSpan.FromHours(8));
        var clock = new FakeTimeProvider(almostNine);
        var sender = new FakeSender { FailuresLeft = 2 };
        var dispatcher = Dispatcher(db, sender, clock);
        await EnqueueAsync(db, "r", "zhangsan", "进度更新", urgent: false, almostNine, almostNine);
        await EnqueueAsync(db, "u", "lisi", "会议提醒", urgent: true, almostNine, almostNine);

        await DrainAsync(dispatcher);
        Assert.Empty(sender.Sent); // both failed once; the backoff is 5 s, past 21:00
        clock.Advance(TimeSpan.FromSeconds(10));
        await DrainAsync(dispatcher);
        Assert.Equal(["lisi:会议提醒"], sender.Sent);
        clock.SetUtcNow(NextMorning);
        await DrainAsync(dispatcher);

        Assert.Equal(["lisi:会议提醒", "zhangsan:进度更新"], sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_message_scheduled_for_later_does_not_hold_back_what_is_due_now(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock);
        await EnqueueAsync(db, "digest", "zhangsan", "周报", urgent: false, Morning, Morning.AddDays(2));
        await EnqueueAsync(db, "now", "zhangsan", "进度更新", urgent: false, Morning, Morning);

        await DrainAsync(dispatcher);
        Assert.Equal(["zhangsan:进度更新"], sender.Sent);
        clock.Advance(TimeSpan.FromDays(2));
        await DrainAsync(dispatcher);

        Assert.Equal(["zhangsan:进度更新", "zhangsan:周报"], sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_member_at_the_hourly_limit_gets_the_rest_when_the_oldest_send_is_an_hour_old(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock, new PushOptions { PerMemberPerHour = 4 });
        for (var i = 0; i < 6; i++)
        {
            await EnqueueAsync(db, $"k{i}", "zhangsan", $"消息{i}");
        }

        await DrainAsync(dispatcher);
        clock.Advance(TimeSpan.FromMinutes(59));
        await DrainAsync(dispatcher);
        Assert.Equal(4, sender.Sent.Count);
        clock.Advance(TimeSpan.FromMinutes(1));
        await DrainAsync(dispatcher);

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"zhangsan:消息{i}"), sender.Sent);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_app_wide_limit_makes_a_burst_wait_without_using_an_attempt(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock, new PushOptions { GlobalPerMinute = 10, BatchSize = 4 });
        for (var i = 0; i < 25; i++)
        {
            await EnqueueAsync(db, $"k{i}", $"user{i}", "x");
        }

        await DrainAsync(dispatcher);
        Assert.Equal(10, sender.Sent.Count);
        clock.Advance(TimeSpan.FromSeconds(61));
        await DrainAsync(dispatcher);
        Assert.Equal(20, sender.Sent.Count);
        clock.Advance(TimeSpan.FromSeconds(61));
        await DrainAsync(dispatcher);

        Assert.Equal(25, sender.Sent.Distinct().Count());
        Assert.All(await ListAsync(db), r => Assert.Equal((OutboxStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public void Routine_pushes_in_quiet_hours_wait_for_the_morning()
    {
        var options = new PushOptions();
        var evening = new DateTimeOffset(2026, 11, 25, 22, 30, 0, TimeSpan.FromHours(8));
        var early = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(8)), options.NextAllowed(evening));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(8)), options.NextAllowed(early));
        Assert.Equal(Morning, options.NextAllowed(Morning));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_dispatcher_that_died_mid_send_gives_its_batch_back_when_the_lease_expires(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Morning);
        await EnqueueAsync(db, "a", "zhangsan", "一");
        await WithWorkAsync(db, async w => Assert.Single(await w.Outbox.ClaimAsync(clock.GetUtcNow(), clock.GetUtcNow().AddSeconds(60), 10, default)));

        var sender = new FakeSender();
        var dispatcher = Dispatcher(db, sender, clock);
        await DrainAsync(dispatcher);
        Assert.Empty(sender.Sent); // still leased by the "dead" dispatcher
        clock.Advance(TimeSpan.FromSeconds(61));
        await DrainAsync(dispatcher);

        Assert.Equal(["zhangsan:一"], sender.Sent);
    }

    [PostgresFact]
    public async Task Two_dispatchers_claiming_at_once_never_take_the_same_message()
    {
        await using var db = await TestDatabase.CreateAsync("postgres");
        for (var i = 0; i < 200; i++)
        {
            await EnqueueAsync(db, $"k{i}", $"user{i}", "x");
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var work = await db.Units.BeginAsync(default);
            var claimed = await work.Outbox.ClaimAsync(Morning, Morning.AddMinutes(1), 80, default);
            await work.CommitAsync(default);
            return claimed.Select(c => c.Id).ToList();
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(200, all.Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_message_that_waited_for_the_morning_keeps_its_resend_window_from_its_first_attempt(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var clock = new FakeTimeProvider(Evening);
        var sender = new FakeSender { FailuresLeft = 2, FailUnknown = true };
        var dispatcher = Dispatcher(db, sender, clock, new PushOptions { MaxAttempts = 1 });
        await EnqueueAsync(db, "night", "zhangsan", "进度更新", urgent: false, Evening, Evening);

        await DrainAsync(dispatcher);
        clock.Advance(NextMorning - Evening);
        await DrainAsync(dispatcher);
        clock.Advance(TimeSpan.FromMinutes(1));
        await DrainAsync(dispatcher);

        // Ten hours after it was queued, yet one minute after its first send: both unknown outcomes are retried.
        var row = Assert.Single(await ListAsync(db));
        Assert.Equal((OutboxStatus.Pending, 2), (row.Status, row.Attempts));
        Assert.Equal(NextMorning, row.FirstAttemptAt);
        Assert.Equal(2, sender.Tries);

        clock.Advance(PushOptions.DuplicateCheckWindow);
        await DrainAsync(dispatcher);

        Assert.Equal(["zhangsan:进度更新"], sender.Sent);
        Assert.Equal(NextMorning, Assert.Single(await ListAsync(db)).FirstAttemptAt);
    }

    private static OutboxDispatcher Dispatcher(TestDatabase db, IPushSender sender, TimeProvider clock, PushOptions? options = null) =>
        new(db.Units, sender, new TransactionalOutbox(Options.Create(options ?? new PushOptions())), Options.Create(options ?? new PushOptions()), clock, Replies, NullLogger<OutboxDispatcher>.Instance);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task One_claim_takes_the_urgent_messages_first_then_the_routine_ones_in_due_order_as_far_as_its_limit_and_the_rate_allow(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await EnqueueAsync(db, "r-early", "a", "一", urgent: false, Morning.AddMinutes(-2), Morning.AddMinutes(-2));
        await EnqueueAsync(db, "r-late", "b", "二", urgent: false, Morning.AddMinutes(-1), Morning.AddMinutes(-1));
        await EnqueueAsync(db, "u-late", "c", "三", urgent: true, Morning, Morning);
        await EnqueueAsync(db, "u-early", "d", "四", urgent: true, Morning.AddMinutes(-1), Morning.AddMinutes(-1));
        await EnqueueAsync(db, "sent", "e", "五", urgent: true, Morning.AddMinutes(-3), Morning.AddMinutes(-3));
        await WithWorkAsync(db, async w =>
        {
            var sent = Assert.Single(await w.Outbox.ClaimAsync(Morning.AddSeconds(-30), Morning, 1, default));
            await w.Outbox.MarkSentAsync([(sent.Id, null)], Morning.AddSeconds(-30), default);
        });

        IReadOnlyList<OutboxMessage> claimed = [];
        // Four a minute, one sent in the last: room for three of the limit's five. Handed back urgent first, each part by id.
        await WithWorkAsync(db, async w => claimed = await w.Outbox.ClaimAsync("owner", Morning, Morning.AddMinutes(1), 5, 4, default));
        Assert.Equal(["u-late", "u-early", "r-early"], claimed.Select(m => m.IdempotencyKey));

        // One a minute, sent already: no room.
        await WithWorkAsync(db, async w => claimed = await w.Outbox.ClaimAsync("owner", Morning, Morning.AddMinutes(1), 5, 1, default));
        Assert.Empty(claimed);
        await WithWorkAsync(db, async w => claimed = await w.Outbox.ClaimAsync("owner", Morning, Morning.AddMinutes(1), 5, 5, default));
        Assert.Equal(["r-late"], claimed.Select(m => m.IdempotencyKey));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Messages_queued_together_are_stored_each_unless_their_key_is_there(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await EnqueueAsync(db, "reply:1:0", "zhangsan", "旧的");
        OutboxMessage Message(string key, string text) =>
            new(0, key, "zhangsan", "text", $"{{\"text\":\"{text}\"}}", true, OutboxStatus.Pending, 0, Morning, Morning);

        await WithWorkAsync(db, w => w.Outbox.EnqueueAsync([Message("reply:1:0", "新的"), Message("reply:1:1", "第二条"), Message("reply:1:2", "第三条")], default));

        var rows = (await ListAsync(db)).OrderBy(m => m.Id).ToList();
        Assert.Equal(["reply:1:0", "reply:1:1", "reply:1:2"], rows.Select(m => m.IdempotencyKey));
        Assert.Contains("旧的", rows[0].Content, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), m => Assert.True(m.Urgent && m.Status == OutboxStatus.Pending));
    }

    private static async Task DrainAsync(OutboxDispatcher dispatcher)
    {
        for (var i = 0; i < 20 && await dispatcher.DispatchOnceAsync() > 0; i++)
        {
        }
    }

    private static Task<bool> EnqueueAsync(TestDatabase db, string key, string recipient, string text) =>
        EnqueueAsync(db, key, recipient, text, urgent: false, Morning, Morning);

    private static async Task<bool> EnqueueAsync(TestDatabase db, string key, string recipient, string text, bool urgent, DateTimeOffset createdAt, DateTimeOffset dueAt)
    {
        await using var work = await db.Units.BeginAsync(default);
        var added = await work.Outbox.EnqueueAsync(new OutboxMessage(0, key, recipient, "text", $"{{\"text\":\"{text}\"}}", urgent, OutboxStatus.Pending, 0, createdAt, dueAt), default);
        await work.CommitAsync(default);
        return added;
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ListAsync(TestDatabase db)
    {
        await using var work = await db.Units.BeginReadAsync(default);
        return await work.Outbox.ListAsync(null, 100, default);
    }

    private static async Task WithWorkAsync(TestDatabase db, Func<IUnitOfWork, Task> action)
    {
        await using var work = await db.Units.BeginAsync(default);
        await action(work);
        await work.CommitAsync(default);
    }

    /// <summary>Records "recipient:text" of each send; the dispatcher calls it from several recipients at once.</summary>
    private sealed class FakeSender : IPushSender
    {
        private readonly Lock _lock = new();
        private readonly List<string> _sent = [];

        public IReadOnlyList<string> Sent
        {
            get
            {
                lock (_lock)
                {
                    return [.. _sent];
                }
            }
        }

        public int FailuresLeft { get; set; }

        public string? FailFor { get; set; }

        /// <summary>Failures answer as a timeout would: the message may have arrived.</summary>
        public bool FailUnknown { get; set; }

        public int Tries { get; private set; }

        public bool SendsInTransaction => false;

        public Task<PushResult> SendAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (FailuresLeft > 0 && (FailFor is null || FailFor == message.Recipient))
                {
                    FailuresLeft--;
                    Tries++;
                    return Task.FromResult(FailUnknown ? PushResult.Unknown("timed out") : PushResult.Retry("WeCom system busy (-1)"));
                }

                var text = System.Text.Json.JsonDocument.Parse(message.Content).RootElement.GetProperty("text").GetString();
                _sent.Add($"{message.Recipient}:{text}");
                return Task.FromResult(PushResult.Ok());
            }
        }
    }
}
