using System.Data.Common;
using System.Xml.Linq;
using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;
using HelpAgency.Host.Startup;
using HelpAgency.Host.WeComChannel;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using HelpAgency.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// A WeCom turn on PostgreSQL, where several hosts share the database: how many times it waits for the server, and that
/// a delivery is still handled once and a conversation another host changed meanwhile is never overwritten.
/// </summary>
public sealed class PostgresTurnTests
{
    private static readonly TransactionalOutbox Outbox = new(Options.Create(new PushOptions()));

    [PostgresTheory]
    [InlineData("施工许可证要什么材料", "replied", 0)]
    [InlineData("进度详情", "sent", 1)]
    public async Task An_ordinary_turn_waits_for_the_database_twice_the_claim_with_the_reads_then_the_saves_with_the_commit(string text, string status, int queued)
    {
        await using var test = await TestDatabase.CreateAsync("postgres");
        await using var trips = new PostgresRoundTrips(test.ConnectionString);
        await using var database = Relayed(trips);
        var turns = Turns(database, new CountingBot());
        await turns.ProcessAsync(Message("zhang.san", "你好"), Guard("msg:1", "zhang.san"), default);

        var before = trips.Count;
        var result = await turns.ProcessAsync(Message("zhang.san", text), Guard("msg:2", "zhang.san"), default);

        Assert.Equal("第2句", Assert.Single(result.Replies).Text);
        // Before the batches: six (the claim, the user, the conversation, the state, the delivery's outcome, the commit),
        // seven with a reply queued in the outbox.
        Assert.Equal(2, trips.Count - before);
        await using var connection = await test.Database.OpenAsync(default);
        Assert.Equal(status, await connection.QuerySingleAsync<string>("SELECT status FROM wecom_callbacks WHERE key = 'msg:2'"));
        Assert.Equal(queued, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM outbox WHERE idempotency_key = 'reply:msg:2:0'"));
    }

    [PostgresTheory]
    [InlineData("zhang.san")]
    [InlineData(DemoSeeder.ContactId)]
    public async Task Through_the_host_the_cheapest_turn_of_a_contact_waits_for_the_database_twice_the_project_names_read_with_the_user(string user)
    {
        // demo-contact is the contact of the demo's projects; zhang.san of none.
        var counts = await TripsOfFiveTurnsAsync(user, "帮助", "help", reply => Assert.NotNull(reply));

        // The fewest of five: the host's background work (the outbox, learned phrasings) may add a trip to one of them.
        // Seven before the batches: the claim, the user, the conversation, the project names, the state, the outcome, the
        // commit; three with them, the project names a trip of their own.
        Assert.Equal(2, counts.Min());
    }

    [PostgresFact]
    public async Task Through_the_host_a_contact_s_progress_query_waits_for_the_database_four_times()
    {
        // demo-contact is the contact of the demo's projects, one of them with an open case. The summary is markdown:
        // queued in the outbox with the turn's commit, not a passive reply.
        var counts = await TripsOfFiveTurnsAsync(DemoSeeder.ContactId, "查进度", "progress", reply => Assert.Null(reply), async connection =>
            Assert.Equal(5L, await connection.QuerySingleAsync<long>(
                "SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'reply:msg:CAIQ-progress-%' AND content LIKE '%已办结%'")));

        // The fewest of five: the host's background work may add a trip to one of them. The claim with the start's read
        // (the contact's projects among it); the contact's cases; the case's items, issues and assistant in one batch; the
        // saves and the outbox row with the commit. Fourteen before the identity map and the narrower progress read.
        Assert.Equal(4, counts.Min());
    }

    /// <summary>
    /// The round trips of each of five turns in which <paramref name="user"/> types <paramref name="text"/> over WeCom (message
    /// ids CAIQ-<paramref name="key"/>-0 to -4), through a host on a fresh PostgreSQL database with the demo's data, after a
    /// first message; <paramref name="check"/> sees each turn's passive reply (null when it was queued), and
    /// <paramref name="after"/> the database once the turns ran.
    /// </summary>
    private static async Task<List<long>> TripsOfFiveTurnsAsync(string user, string text, string key, Action<XElement?> check, Func<DbConnection, Task>? after = null)
    {
        await using var test = await TestDatabase.CreateAsync("postgres");
        await using var wecom = await FakeWeComServer.StartAsync();
        await using var trips = new PostgresRoundTrips(test.ConnectionString);
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        settings["Storage:Provider"] = "Postgres";
        settings["Storage:ConnectionString"] = trips.ConnectionString;
        settings["Demo:Seed"] = "true";
        await using var host = new HelpAgencyFactory(settings);
        var client = new WeComCallbackClient(host.CreateClient());
        (await client.PostAsync(WeComCallbackClient.Text(user, "你好", "CAIQ-first"))).EnsureSuccessStatusCode();

        var counts = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var before = trips.Count;
            check(await WeComCallbackClient.OpenReplyAsync(await client.PostAsync(WeComCallbackClient.Text(user, text, $"CAIQ-{key}-{i}"))));
            counts.Add(trips.Count - before);
        }

        if (after is not null)
        {
            await using var connection = await test.Database.OpenAsync(default);
            await after(connection);
        }

        return counts;
    }

    [PostgresFact]
    public async Task A_sender_over_the_limit_gets_the_refusal_stored_as_the_answer_in_two_round_trips_and_no_bot_runs()
    {
        await using var test = await TestDatabase.CreateAsync("postgres");
        await using var trips = new PostgresRoundTrips(test.ConnectionString);
        await using var database = Relayed(trips);
        var bot = new CountingBot();
        var turns = Turns(database, bot);
        await turns.ProcessAsync(Message("zhang.san", "你好"), Guard("msg:1", "zhang.san"), default);

        var before = trips.Count;
        var refused = await turns.ProcessAsync(
            Message("zhang.san", "你好"), new CallbackTurnGuard("msg:2", "zhang.san", Outbox, () => [Reply.Plain("您发送得太快了")]), default);

        Assert.Equal("您发送得太快了", Assert.Single(refused.Replies).Text);
        // Three before the batches: the claim, the outcome, the commit.
        Assert.Equal(2, trips.Count - before);
        Assert.Equal(1, bot.Turns);
        await using var connection = await test.Database.OpenAsync(default);
        Assert.Equal(1L, await connection.QuerySingleAsync<long>("SELECT version FROM conversations WHERE user_id = 'zhang.san'"));
        var stored = await connection.QuerySingleAsync<string>("SELECT replies FROM wecom_callbacks WHERE key = 'msg:2'");
        Assert.Equal("您发送得太快了", Assert.Single(StoredReplies.Deserialize(stored)).Text);
    }

    [PostgresFact]
    public async Task A_redelivered_callback_runs_no_bot_and_the_first_delivery_keeps_its_stored_reply()
    {
        await using var test = await TestDatabase.CreateAsync("postgres");
        var bot = new CountingBot();
        var turns = Turns(test.Database, bot);
        await turns.ProcessAsync(Message("zhang.san", "你好"), Guard("msg:1", "zhang.san"), default);

        var again = await turns.ProcessAsync(Message("zhang.san", "你好"), Guard("msg:1", "zhang.san"), default);

        Assert.True(again.IsAlreadyHandled);
        Assert.Equal(1, bot.Turns);
        await using var work = await test.Units.BeginReadAsync(default);
        var record = await work.Callbacks.FindAsync("msg:1", default);
        Assert.Equal("第1句", Assert.Single(StoredReplies.Deserialize(record!.RepliesJson)).Text);
    }

    [PostgresTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_conversation_another_host_saved_during_the_turn_is_not_overwritten_and_the_turn_runs_again_from_it(bool firstSave)
    {
        await using var test = await TestDatabase.CreateAsync("postgres");
        var bot = new CountingBot();
        var turns = Turns(test.Database, bot);
        await using var other = await test.Database.OpenAsync(default);
        if (firstSave)
        {
            // A user the console added: known, with no conversation yet.
            await other.ExecuteAsync("INSERT INTO users (id, display_name, role, created_at) VALUES ('zhang.san', '张三', 'contact', now())");
        }
        else
        {
            await turns.ProcessAsync(Message("zhang.san", "你好"), Guard("msg:1", "zhang.san"), default);
        }

        // While the bot thinks, another host saves this user's conversation and commits.
        bot.During = async () =>
        {
            bot.During = null;
            await other.ExecuteAsync(
                """
                INSERT INTO conversations (user_id, state, version, updated_at) VALUES ('zhang.san', '{"host":"other"}', 1, now())
                ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, version = conversations.version + 1
                """);
        };
        var result = await turns.ProcessAsync(Message("zhang.san", "预约明天下午"), Guard("msg:2", "zhang.san"), default);

        var ran = firstSave ? 2 : 3;
        Assert.Equal(ran, bot.Turns);
        Assert.Equal($"第{ran}句", Assert.Single(result.Replies).Text);
        Assert.Equal("""{"host":"other"}""", bot.Read);
        var (state, version) = await other.QuerySingleAsync<(string, long)>("SELECT state, version FROM conversations WHERE user_id = 'zhang.san'");
        Assert.Equal((firstSave ? """{"after":1}""" : """{"after":2}""", firstSave ? 2L : 3L), (state, version));
        var stored = await other.QuerySingleAsync<string>("SELECT replies FROM wecom_callbacks WHERE key = 'msg:2'");
        Assert.Equal($"第{ran}句", Assert.Single(StoredReplies.Deserialize(stored)).Text);
    }

    private static Database Relayed(PostgresRoundTrips trips) =>
        new(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = trips.ConnectionString }));

    private static TurnProcessor Turns(Database database, IBot bot) =>
        new(new UnitOfWorkFactory(database), bot, new UserTurnGate(), TimeProvider.System, NullLogger<TurnProcessor>.Instance);

    private static CallbackTurnGuard Guard(string key, string userId) => new(key, userId, Outbox);

    private static Activity Message(string userId, string text) => Activity.Message("wecom", userId, text);

    /// <summary>
    /// Reads nothing more than the turn gives it; stores the version it read and answers with how many turns it ran, in
    /// markdown (which a passive reply cannot carry) when asked for 进度详情.
    /// </summary>
    private sealed class CountingBot : IBot
    {
        public int Turns { get; private set; }

        /// <summary>The stored state the latest turn read.</summary>
        public string? Read { get; private set; }

        public Func<Task>? During { get; set; }

        public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            Turns++;
            if (During is { } during)
            {
                await during();
            }

            Read = turn.Conversation.StateJson;
            turn.StateJson = $$"""{"after":{{turn.Conversation.Version}}}""";
            var text = $"第{Turns}句";
            turn.Reply(turn.Activity.Text == "进度详情" ? Reply.Markdown(text) : Reply.Plain(text));
        }
    }
}
