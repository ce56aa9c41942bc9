using System.Net;
using System.Net.Http.Json;
using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.LocalChannel;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpAgency.IntegrationTests.Limits;

/// <summary>
/// One user cannot flood the host: past their rate, or with too many turns queued, a new message is refused politely
/// (429 on the local channel, a passive reply on WeCom) and changes nothing; a WeCom redelivery is still answered.
/// An address that keeps sending forged callbacks is cut off with 429.
/// </summary>
public sealed class TurnLimitTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task A_user_over_the_rate_gets_429_on_the_local_channel_and_other_users_are_unaffected()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Limits:TurnsPerUserPerMinute"] = "3" });
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/chat", new { user = "fast", text = "你好" })).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/chat", new { user = "fast", text = "你好" });
        await LocalChannelAccessTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/chat", new { user = "calm", text = "你好" })).StatusCode);

        Assert.Equal(1L, await factory.ScalarAsync("SELECT version FROM conversations WHERE user_id = 'fast'"));
    }

    [Fact]
    public async Task Over_WeCom_a_new_message_past_the_rate_gets_a_polite_reply_and_a_redelivery_is_still_answered()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Limits:TurnsPerUserPerMinute"] = "3";
        await using var factory = new HelpAgencyFactory(settings);
        var callbacks = new WeComCallbackClient(factory.CreateClient());
        var first = WeComCallbackClient.Text("quick.user", "你好", "CAIQ-limit-1");

        var answer = await WeComCallbackClient.OpenReplyAsync(await callbacks.PostAsync(first));
        var tooFast = await WeComCallbackClient.OpenReplyAsync(await callbacks.PostAsync(WeComCallbackClient.Text("quick.user", "施工许可证要什么材料", "CAIQ-limit-2")));
        var redelivered = await WeComCallbackClient.OpenReplyAsync(await callbacks.PostAsync(first));

        var tooFastAgain = await WeComCallbackClient.OpenReplyAsync(await callbacks.PostAsync(WeComCallbackClient.Text("quick.user", "施工许可证要什么材料", "CAIQ-limit-2")));

        Assert.Contains("太快", tooFast!.Element("Content")!.Value);
        Assert.Equal(answer!.Element("Content")!.Value, redelivered!.Element("Content")!.Value);
        // The refused message changed nothing, and its redelivery gets the same refusal, its recorded answer.
        Assert.Equal(1L, await factory.ScalarAsync("SELECT version FROM conversations WHERE user_id = 'quick.user'"));
        Assert.Equal(tooFast.Element("Content")!.Value, tooFastAgain!.Element("Content")!.Value);
    }

    [Fact]
    public async Task Turns_queued_behind_a_running_one_are_capped_per_user()
    {
        var gate = new TaskCompletionSource();
        await using var factory = new HelpAgencyFactory(
            new Dictionary<string, string?> { ["Limits:QueuedTurnsPerUser"] = "1" },
            services => services.Replace(ServiceDescriptor.Singleton<IBot>(new WaitingBot(gate.Task))));
        var client = factory.CreateClient();

        var running = client.PostAsJsonAsync("/api/chat", new { user = "queued", text = "一" });
        var waiting = client.PostAsJsonAsync("/api/chat", new { user = "queued", text = "二" });
        var gateUse = factory.Services.GetRequiredService<UserTurnGate>();
        while (gateUse.InFlight("queued") < 2)
        {
            await Task.Delay(10);
        }

        var refused = await client.PostAsJsonAsync("/api/chat", new { user = "queued", text = "三" });
        gate.SetResult();

        await LocalChannelAccessTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
        Assert.Equal(2L, await factory.ScalarAsync("SELECT version FROM conversations WHERE user_id = 'queued'"));
    }

    [Fact]
    public async Task An_address_sending_forged_callbacks_is_cut_off_with_429()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Limits:CallbackRefusalsPerClientPerMinute"] = "3";
        await using var factory = new HelpAgencyFactory(settings);
        var callbacks = new WeComCallbackClient(factory.CreateClient());
        var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt(WeComCallbackClient.Text("mallory", "你好", "CAIQ-forged"));

        for (var i = 0; i < 3; i++)
        {
            var forged = await callbacks.PostRawAsync(WeComCallbackClient.Envelope(encrypt), "0000000000000000000000000000000000000000", WeComCallbackClient.StampSeconds, $"{i}");
            await LocalChannelAccessTests.AssertErrorAsync(forged, HttpStatusCode.BadRequest);
        }

        await LocalChannelAccessTests.AssertErrorAsync(
            await callbacks.PostRawAsync(WeComCallbackClient.Envelope(encrypt), "0000000000000000000000000000000000000000", WeComCallbackClient.StampSeconds, "9"),
            HttpStatusCode.TooManyRequests);
        Assert.Equal(0L, await factory.ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks"));
    }

    [Fact]
    public async Task A_genuine_callback_from_an_address_cut_off_for_forged_ones_is_still_answered()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Limits:CallbackRefusalsPerClientPerMinute"] = "3";
        await using var factory = new HelpAgencyFactory(settings);
        var http = factory.CreateClient();
        var callbacks = new WeComCallbackClient(http);
        var forged = WeComCallbackClient.Codec.Crypto.Encrypt(WeComCallbackClient.Text("mallory", "你好", "CAIQ-forged"));
        for (var i = 0; i < 4; i++)
        {
            await callbacks.PostRawAsync(WeComCallbackClient.Envelope(forged), "0000000000000000000000000000000000000000", WeComCallbackClient.StampSeconds, $"{i}");
        }

        // WeCom's egress addresses carry every member: forged requests from one must not silence the genuine ones.
        var genuine = await callbacks.PostAsync(WeComCallbackClient.Text("li.si", "你好", "CAIQ-genuine"));
        var echo = WeComCallbackClient.Codec.Crypto.Encrypt("echo-1");
        var verified = await http.GetAsync($"{WeComCallbackClient.Path}?msg_signature={WeComCallbackClient.Codec.Crypto.Sign(WeComCallbackClient.StampSeconds, "5", echo)}&timestamp={WeComCallbackClient.StampSeconds}&nonce=5&echostr={Uri.EscapeDataString(echo)}");

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.False(string.IsNullOrEmpty((await WeComCallbackClient.OpenReplyAsync(genuine))?.Element("Content")?.Value));
        Assert.Equal("echo-1", await verified.Content.ReadAsStringAsync());
        Assert.Equal(1L, await factory.ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks WHERE key = 'msg:CAIQ-genuine'"));
    }

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_redelivery_of_a_message_another_host_is_still_answering_gets_that_answer_not_the_limit_reply(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var gate = new TaskCompletionSource();
        var claimed = new TaskCompletionSource();
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Storage:Provider"] = db.Provider.ToString();
        settings["Storage:ConnectionString"] = db.ConnectionString;
        var limited = new Dictionary<string, string?>(settings) { ["Limits:TurnsPerUserPerMinute"] = "3" };
        void Bot(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IBot>(new SlowWritingBot(claimed, gate.Task)));
        await using var first = new HelpAgencyFactory(settings, Bot);
        await using var second = new HelpAgencyFactory(limited, Bot);
        var onFirst = new WeComCallbackClient(first.CreateClient());
        var onSecond = new WeComCallbackClient(second.CreateClient());
        var slow = WeComCallbackClient.Text("busy.user", "慢", "CAIQ-slow");

        // The second host has spent the user's one message of the burst; the first host is still answering the slow one.
        Assert.Equal("好的", (await WeComCallbackClient.OpenReplyAsync(await onSecond.PostAsync(WeComCallbackClient.Text("busy.user", "快", "CAIQ-quick"))))!.Element("Content")!.Value);
        var answering = onFirst.PostAsync(slow);
        await claimed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var redelivered = onSecond.PostAsync(slow);
        await WaitUntilAsync(() => redelivered.IsCompleted || second.Services.GetRequiredService<UserTurnGate>().InFlight("busy.user") == 1);
        gate.SetResult();

        Assert.Equal("慢好了", (await WeComCallbackClient.OpenReplyAsync(await answering))!.Element("Content")!.Value);
        Assert.Equal("慢好了", (await WeComCallbackClient.OpenReplyAsync(await redelivered))?.Element("Content")?.Value);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The hosts did not reach the expected point.");
            await Task.Delay(10);
        }
    }

    /// <summary>"慢" writes (so it runs inside the writer, its delivery claimed first), says so, and waits for the test; anything else is answered at once.</summary>
    private sealed class SlowWritingBot(TaskCompletionSource claimed, Task gate) : IBot
    {
        public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            if (turn.Activity.Text != "慢")
            {
                turn.Reply(Reply.Plain("好的"));
                return;
            }

            // A write inside the turn (a user never seen before), so the turn holds its unit of work while it waits.
            await turn.Work.Users.GetOrAddContactAsync(turn.Activity.UserId + ".colleague", turn.Now, cancellationToken);
            claimed.TrySetResult();
            await gate;
            turn.Reply(Reply.Plain("慢好了"));
        }
    }


    private sealed class WaitingBot(Task gate) : IBot
    {
        public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            await gate;
            turn.Reply(Reply.Plain("好的"));
        }
    }
}
