using System.Text.Json;
using Dapper;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.IntegrationTests.WeComChannel;
using HelpAgency.Storage;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.IntegrationTests.Pushes;

/// <summary>
/// The real dispatcher, WeCom sender and API client against the fake WeCom server over loopback, on a real
/// database, with a fake clock: faults, limits, a killed dispatcher, and two dispatchers on one database.
/// The client makes no retries of its own here, so every retry is the outbox's and can be counted.
/// </summary>
public sealed class DeliveryOverWeComTests : IAsyncLifetime
{
    private static readonly ReplyTemplates Replies = ReplyTemplates.Load(Path.Combine(Hosting.RepositoryRoot.Dialogs, ReplyTemplates.FileName));

    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly FakeTimeProvider _clock = new(Morning);
    private FakeWeComServer _wecom = null!;
    private readonly List<ServiceProvider> _services = [];

    public static TheoryData<string> Engines => TestDatabase.Engines();

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await _wecom.DisposeAsync();
    }

    public static TheoryData<string> TransientFaults => ["http 500", "http 502", "http 503", "errcode -1", "errcode 45009", "errcode 45033", "timeout"];

    public static TheoryData<string> PermanentFaults => ["errcode 60020", "errcode 40003", "errcode 81013", "invalid user"];

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task Each_transient_fault_is_delivered_after_a_retry(string fault)
    {
        await using var db = await TestDatabase.CreateAsync("sqlite");
        // A short attempt timeout makes the slow answer a timeout; the rest leave a loaded machine room.
        var dispatcher = Dispatcher(db, attemptTimeoutSeconds: fault == "timeout" ? 1 : 10);
        await EnqueueAsync(db, "k1", "zhangsan", "进度更新");
        _wecom.FailNextSendsTo("zhangsan", Fault(fault));

        await DrainAsync(dispatcher);
        var failed = Assert.Single(await ListAsync(db));
        Assert.Equal((OutboxStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Empty(_wecom.Delivered);
        _clock.Advance(PushOptions.Backoff(1));
        await DrainAsync(dispatcher);

        var sent = Assert.Single(await ListAsync(db));
        Assert.True((OutboxStatus.Sent, 2) == (sent.Status, sent.Attempts), $"{sent.Status} after {sent.Attempts}: {sent.LastError}");
        Assert.Equal(["进度更新"], Texts(_wecom.Delivered));
    }

    [Theory]
    [MemberData(nameof(PermanentFaults))]
    public async Task Each_permanent_fault_is_dead_lettered_at_once_and_the_supervisors_are_told(string fault)
    {
        await using var db = await TestDatabase.CreateAsync("sqlite");
        await WithWorkAsync(db, w => w.Staff.UpsertAsync(new StaffMember("sup", "督导", UserRole.Supervisor, "", [], true), Morning, default));
        var dispatcher = Dispatcher(db);
        await EnqueueAsync(db, "k1", "zhangsan", "进度更新");
        _wecom.FailNextSendsTo("zhangsan", Fault(fault));

        await DrainAsync(dispatcher);

        var rows = await ListAsync(db);
        var dead = Assert.Single(rows, r => r.Recipient == "zhangsan");
        Assert.Equal((OutboxStatus.Dead, 1), (dead.Status, dead.Attempts));
        var alert = Assert.Single(rows, r => r.Recipient == "sup");
        Assert.Equal(($"dead:{dead.Id}:sup", true, OutboxStatus.Sent), (alert.IdempotencyKey, alert.Urgent, alert.Status));
        Assert.Single(_wecom.Sent, m => m.GetProperty("touser").GetString() == "zhangsan");
        Assert.Contains(_wecom.Delivered, m => m.GetProperty("touser").GetString() == "sup"
            && m.GetProperty("markdown").GetProperty("content").GetString()!.StartsWith("**推送失败**", StringComparison.Ordinal));
    }

    /// <summary>1,000 on SQLite; on PostgreSQL 200, since every send there costs two durable commits of a shared server.</summary>
    public static TheoryData<string, int> Bursts()
    {
        var bursts = new TheoryData<string, int> { { "sqlite", 1000 } };
        if (TestDatabase.PostgresSkipReason is null)
        {
            bursts.Add("postgres", 200);
        }

        return bursts;
    }

    [Theory]
    [MemberData(nameof(Bursts))]
    public async Task A_burst_of_pushes_to_one_member_drains_within_the_member_limits_none_lost_none_twice(string engine, int count)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var settings = new PushOptions();
        var dispatcher = Dispatcher(db, settings);
        await WithWorkAsync(db, async w =>
        {
            for (var i = 0; i < count; i++)
            {
                await w.Outbox.EnqueueAsync(Message($"k{i}", "zhangsan", $"消息{i}"), default);
            }
        });

        for (var step = 0; step < 1000 && _wecom.Delivered.Count < count; step++)
        {
            await DrainAsync(dispatcher);
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"消息{i}"), Texts(_wecom.Delivered));
        var sentAt = (await ListAsync(db, 2 * count)).Select(r => r.SentAt!.Value).Order().ToList();
        Assert.Equal(count, sentAt.Count);
        Assert.All(sentAt, t => Assert.True(sentAt.Count(s => s >= t && s < t.AddMinutes(1)) <= settings.PerMemberPerMinute));
        Assert.All(sentAt, t => Assert.True(sentAt.Count(s => s >= t && s < t.AddHours(1)) <= settings.PerMemberPerHour));
        // 30 a minute, and no slower: the last of 1,000 goes 33 minutes after the first.
        Assert.True(sentAt[^1] - sentAt[0] <= TimeSpan.FromMinutes(count / 30 + 1), $"drained in {sentAt[^1] - sentAt[0]}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_dispatcher_killed_mid_send_leaves_the_row_to_be_delivered_once_after_its_lease(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await EnqueueAsync(db, "k1", "zhangsan", "进度更新");
        await EnqueueAsync(db, "k2", "lisi", "材料已收到");
        _wecom.FailNextSendsTo("zhangsan", SendFault.Hang);
        var sender = new AnsweredSender(new WeComPushSender(Client(10)), "lisi");
        var killed = new OutboxDispatcher(db.Units, sender, new TransactionalOutbox(Options.Create(new PushOptions())), Options.Create(new PushOptions()), _clock, Replies, NullLogger<OutboxDispatcher>.Instance);
        using var kill = new CancellationTokenSource();

        var running = killed.DispatchOnceAsync(kill.Token);
        await _wecom.WaitUntilAsync(w => w.Sent.Count == 2 && w.Delivered.Count == 1);
        // Only zhangsan's send is cut short: lisi's answer has reached the dispatcher.
        Assert.True((await sender.Answered.WaitAsync(TimeSpan.FromSeconds(10))).Sent);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var survivor = Dispatcher(db);
        await DrainAsync(survivor);
        Assert.Equal(["材料已收到"], Texts(_wecom.Delivered)); // lisi's send finished, so it was recorded; zhangsan's is still leased
        Assert.Equal(OutboxStatus.Sending, (await ListAsync(db)).Single(r => r.Recipient == "zhangsan").Status);
        _clock.Advance(new PushOptions().Lease + TimeSpan.FromSeconds(1));
        await DrainAsync(survivor);
        await DrainAsync(survivor);

        Assert.Equal(["材料已收到", "进度更新"], Texts(_wecom.Delivered).Order());
        Assert.All(await ListAsync(db), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_batch_slower_than_its_lease_keeps_it_by_renewing(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await EnqueueAsync(db, "k1", "zhangsan", "进度更新");
        var release = new TaskCompletionSource();
        _wecom.FailNextSendsTo("zhangsan", SendFault.Until(release.Task));
        var lease = new PushOptions().Lease;
        var slow = Dispatcher(db, new PushOptions(), attemptTimeoutSeconds: 120);
        var other = Dispatcher(db);

        var running = slow.DispatchOnceAsync();
        await _wecom.WaitUntilAsync(w => w.Sent.Count == 1);
        for (var third = 1; third <= 4; third++)
        {
            var renewedTo = _clock.GetUtcNow() + lease / 3 + lease;
            _clock.Advance(lease / 3);
            await WaitForLeaseAsync(db, renewedTo);
        }

        Assert.Equal(0, await other.DispatchOnceAsync()); // 80 s after the claim, still leased
        release.SetResult();
        await running;

        Assert.Equal(["进度更新"], Texts(_wecom.Delivered));
        Assert.Single(_wecom.Sent);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await ListAsync(db)).Status);
    }

    [PostgresFact]
    public async Task Two_dispatchers_on_one_PostgreSQL_database_never_send_the_same_row_twice()
    {
        await using var db = await TestDatabase.CreateAsync("postgres");
        await using var second = new Database(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = db.ConnectionString }));
        await WithWorkAsync(db, async w =>
        {
            for (var i = 0; i < 600; i++)
            {
                await w.Outbox.EnqueueAsync(Message($"k{i:D3}", $"user{i % 60}", $"k{i:D3}"), default);
            }
        });
        var settings = new PushOptions { BatchSize = 20, SendConcurrency = 8 };
        var dispatchers = new[] { Dispatcher(db, settings), Dispatcher(new UnitOfWorkFactory(second), settings) };

        await Task.WhenAll(dispatchers.Select(d => Task.Run(async () =>
        {
            for (var idle = 0; idle < 3;)
            {
                idle = await d.DispatchOnceAsync() == 0 ? idle + 1 : 0;
            }
        })));

        var keys = Texts(_wecom.Delivered);
        Assert.Equal(600, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(600, _wecom.Sent.Count);
        // And each member's messages arrived in the order they were queued.
        foreach (var member in _wecom.Delivered.GroupBy(m => m.GetProperty("touser").GetString()))
        {
            var order = member.Select(Text).ToList();
            Assert.Equal(order.Order(StringComparer.Ordinal), order);
        }
    }

    private static SendFault Fault(string fault) => fault.Split(' ') switch
    {
        ["http", var status] => SendFault.Http(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)),
        ["errcode", var code] => SendFault.Code(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)),
        ["timeout"] => SendFault.Slow(TimeSpan.FromSeconds(5)),
        ["invalid", "user"] => SendFault.Refuses("zhangsan"),
        _ => throw new ArgumentException(fault),
    };

    private OutboxDispatcher Dispatcher(TestDatabase db, PushOptions? settings = null, int attemptTimeoutSeconds = 10) =>
        Dispatcher(db.Units, settings ?? new PushOptions(), attemptTimeoutSeconds);

    private OutboxDispatcher Dispatcher(IUnitOfWorkFactory units, PushOptions settings, int attemptTimeoutSeconds = 10) =>
        new(units, new WeComPushSender(Client(attemptTimeoutSeconds)), new TransactionalOutbox(Options.Create(settings)), Options.Create(settings), _clock, Replies, NullLogger<OutboxDispatcher>.Instance);

    /// <summary>The host's WeCom client as AddWeComApi wires it (Polly pipeline included), on the fake clock.</summary>
    private WeComApiClient Client(int attemptTimeoutSeconds)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<WeComOptions>(o =>
        {
            o.CorpId = "ww-test";
            o.AgentId = 1000002;
            o.Secret = "test-secret";
            o.ApiBaseUrl = _wecom.BaseUrl;
            o.ApiMaxRetries = 0;
            o.ApiAttemptTimeoutSeconds = attemptTimeoutSeconds;
        });
        services.AddWeComApi();
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider.GetRequiredService<WeComApiClient>();
    }

    private static async Task DrainAsync(OutboxDispatcher dispatcher)
    {
        for (var i = 0; i < 100 && await dispatcher.DispatchOnceAsync() > 0; i++)
        {
        }
    }

    private OutboxMessage Message(string key, string recipient, string text) =>
        new(0, key, recipient, "text", JsonSerializer.Serialize(new { text }), false, OutboxStatus.Pending, 0, _clock.GetUtcNow(), _clock.GetUtcNow());

    private Task EnqueueAsync(TestDatabase db, string key, string recipient, string text) =>
        WithWorkAsync(db, w => w.Outbox.EnqueueAsync(Message(key, recipient, text), default));

    private static async Task<IReadOnlyList<OutboxMessage>> ListAsync(TestDatabase db, int limit = 100)
    {
        await using var work = await db.Units.BeginReadAsync(default);
        return await work.Outbox.ListAsync(null, limit, default);
    }

    private static async Task WithWorkAsync(TestDatabase db, Func<IUnitOfWork, Task> action)
    {
        await using var work = await db.Units.BeginAsync(default);
        await action(work);
        await work.CommitAsync(default);
    }

    /// <summary>Waits (in real time: the renewal runs on its own) until the row's lease reaches <paramref name="until"/>.</summary>
    private static async Task WaitForLeaseAsync(TestDatabase db, DateTimeOffset until)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var connection = await db.Database.OpenAsync(default);
            var lease = await connection.QuerySingleAsync<DateTimeOffset?>("SELECT lease_until FROM outbox");
            // PostgreSQL keeps microseconds: a third of a lease has finer ticks than it stores.
            if (lease >= until.AddTicks(-(until.Ticks % TimeSpan.TicksPerMillisecond)))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The lease was not renewed to {until:O}.");
    }

    /// <summary>A sender that tells when the send to one recipient has its answer.</summary>
    private sealed class AnsweredSender(IPushSender inner, string recipient) : IPushSender
    {
        private readonly TaskCompletionSource<PushResult> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<PushResult> Answered => _answered.Task;

        public bool SendsInTransaction => inner.SendsInTransaction;

        public async Task<PushResult> SendAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(message, work, cancellationToken);
            if (message.Recipient == recipient)
            {
                _answered.TrySetResult(result);
            }

            return result;
        }
    }

    private static string Text(JsonElement message) => message.GetProperty("text").GetProperty("content").GetString()!;

    private static List<string> Texts(IEnumerable<JsonElement> messages) => [.. messages.Select(Text)];
}
