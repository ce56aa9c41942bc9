using System.Net;
using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>Replies that miss the passive answer go out through the outbox, as urgent messages of their turn, exactly once.</summary>
public sealed class DeferredReplyTests : IAsyncLifetime
{
    private readonly SlowBot _bot = new();
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;
    private WeComCallbackClient _callbacks = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        _factory = new HelpAgencyFactory(WeComCallbackClient.Settings(_wecom.BaseUrl), services => services.Replace(ServiceDescriptor.Singleton<IBot>(_bot)));
        _callbacks = new WeComCallbackClient(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        _bot.Release();
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task A_turn_slower_than_the_budget_answers_empty_and_its_reply_arrives_through_the_API_exactly_once()
    {
        var message = WeComCallbackClient.Text("slow.user", "查进度", "CAIQ-slow");

        var response = await PastTheBudgetAsync(_callbacks.PostAsync(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(_wecom.Sent);

        _bot.Release();
        await WaitForStatusAsync("msg:CAIQ-slow", "sent");
        var queued = Assert.Single(await OutboxAsync());
        Assert.True(queued.Urgent);
        Assert.Equal("reply:msg:CAIQ-slow:0", queued.IdempotencyKey);
        await DrainAsync();
        var sent = Assert.Single(_wecom.Sent);
        Assert.Equal("slow.user", sent.GetProperty("touser").GetString());
        Assert.Equal(1000002, sent.GetProperty("agentid").GetInt64());
        Assert.Equal("text", sent.GetProperty("msgtype").GetString());
        Assert.Equal("慢慢来：查进度", sent.GetProperty("text").GetProperty("content").GetString());
        // WeCom's duplicate check from the first attempt on, so that a resend after a crash is dropped.
        Assert.Equal(1, sent.GetProperty("enable_duplicate_check").GetInt32());
        Assert.Equal((int)PushOptions.DuplicateCheckIntervalFor(queued.Id).TotalSeconds, sent.GetProperty("duplicate_check_interval").GetInt32());

        // A redelivery after the fact is answered empty and queues nothing more.
        var again = await _callbacks.PostAsync(message);
        Assert.Equal("", await again.Content.ReadAsStringAsync());
        await DrainAsync();
        Assert.Single(_wecom.Sent);
        Assert.Single(await OutboxAsync());
        Assert.Equal(1, _bot.Turns);
    }

    [Fact]
    public async Task Copies_that_arrive_while_the_slow_turn_runs_run_no_second_turn_and_send_nothing_twice()
    {
        var message = WeComCallbackClient.Text("slow.copies", "查进度", "CAIQ-slow-2");

        var copies = Enumerable.Range(0, 3).Select(_ => _callbacks.PostAsync(message)).ToList();
        var responses = await PastTheBudgetAsync(Task.WhenAll(copies));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        _bot.Release();
        await WaitForStatusAsync("msg:CAIQ-slow-2", "sent");
        await DrainAsync();
        Assert.Single(_wecom.Sent);
        Assert.Equal(1, _bot.Turns);
    }

    [Fact]
    public async Task A_transient_API_failure_is_retried_and_the_reply_still_arrives_once()
    {
        _wecom.SendFaults.Enqueue(503);
        _wecom.SendFaults.Enqueue(-1);

        await PastTheBudgetAsync(_callbacks.PostAsync(WeComCallbackClient.Text("flaky", "查进度", "CAIQ-flaky")));
        _bot.Release();

        await WaitForStatusAsync("msg:CAIQ-flaky", "sent");
        await DrainAsync();
        Assert.Equal(3, _wecom.Sent.Count);
        Assert.Single(_wecom.Delivered);
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await OutboxAsync()).Status);
        Assert.Equal(1, _wecom.Count("/cgi-bin/gettoken"));
    }

    [Fact]
    public async Task A_permanent_API_refusal_is_dead_lettered_without_retrying()
    {
        _wecom.SendFaults.Enqueue(60020);

        await PastTheBudgetAsync(_callbacks.PostAsync(WeComCallbackClient.Text("refused", "查进度", "CAIQ-refused")));
        _bot.Release();

        await WaitForStatusAsync("msg:CAIQ-refused", "sent");
        await DrainAsync();
        Assert.Single(_wecom.Sent);
        var dead = Assert.Single(await OutboxAsync());
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Contains("60020", dead.LastError);
    }

    [Fact]
    public async Task Replies_of_a_turn_still_running_at_shutdown_are_stored_and_sent_exactly_once_by_the_next_start()
    {
        var folder = Directory.CreateTempSubdirectory("helpagency-restart-").FullName;
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "shared.db")}";
        var bot = new SlowBot();
        var first = new HelpAgencyFactory(settings, services => services.Replace(ServiceDescriptor.Singleton<IBot>(bot)));
        var callbacks = new WeComCallbackClient(first.CreateClient());
        var request = callbacks.PostAsync(WeComCallbackClient.Text("restart.user", "查进度", "CAIQ-restart"));
        await bot.Started.WaitAsync(TimeSpan.FromSeconds(10));
        while (!request.IsCompleted)
        {
            first.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(request, Task.Delay(20));
        }

        Assert.Equal("", await (await request).Content.ReadAsStringAsync());

        // The host stops while the turn still runs; the turn ends during the shutdown.
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => shutdown.TrySetResult());
        var stopping = Task.Run(first.Dispose);
        await shutdown.Task.WaitAsync(TimeSpan.FromSeconds(10));
        bot.Release();
        await stopping;
        await using (var second = new HelpAgencyFactory(settings))
        {
            var dispatcher = second.Services.GetRequiredService<OutboxDispatcher>();
            while (await dispatcher.DispatchOnceAsync() > 0)
            {
            }
        }

        var sent = Assert.Single(_wecom.Sent);
        Assert.Equal("慢慢来：查进度", sent.GetProperty("text").GetProperty("content").GetString());
        await using var connection = new SqliteConnection(settings["Storage:ConnectionString"]);
        Assert.Equal("sent", await connection.ExecuteScalarAsync<string>("SELECT status FROM wecom_callbacks WHERE key = 'msg:CAIQ-restart'"));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task DrainAsync()
    {
        var dispatcher = _factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }
    }

    private async Task<IReadOnlyList<OutboxMessage>> OutboxAsync()
    {
        await using var work = await _factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        return await work.Outbox.ListAsync(null, 100, default);
    }

    // The reply budget runs on the host's fake clock: move it on until the callback has answered.
    private async Task<T> PastTheBudgetAsync<T>(Task<T> request)
    {
        await _bot.Started.WaitAsync(TimeSpan.FromSeconds(10));
        while (!request.IsCompleted)
        {
            _factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(request, Task.Delay(20));
        }

        return await request;
    }

    private async Task WaitForStatusAsync(string key, string status)
    {
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? current;
        while ((current = await connection.ExecuteScalarAsync<string>("SELECT status FROM wecom_callbacks WHERE key = @key", new { key })) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} stayed {current ?? "absent"}, expected {status}");
            await Task.Delay(20);
        }
    }

    /// <summary>A bot that answers only when the test lets it.</summary>
    private sealed class SlowBot : IBot
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _turns;

        public Task Started => _started.Task;

        public int Turns => _turns;

        public void Release() => _release.TrySetResult();

        public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _turns);
            _started.TrySetResult();
            await _release.Task;
            turn.Reply(Reply.Plain("慢慢来：" + turn.Activity.Text));
        }
    }
}
