using System.Net.Http.Json;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.WeComChannel;
using HelpAgency.Storage;
using HelpAgency.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// What a turn costs on SQLite, where a statement is a call into the process and its cost is the statement itself:
/// how many statements SQLite runs for the cheapest turn (<c>帮助</c>) through the real host, on either channel, so
/// that a statement added to every turn fails here. The count includes the writer's SAVEPOINT and RELEASE of the
/// turn's unit and, one for each group of turns, the BEGIN and COMMIT; a lone turn here is its own group.
/// </summary>
public sealed class SqliteTurnStatementsTests
{
    [Fact]
    public async Task The_cheapest_turn_on_the_local_channel_runs_a_pinned_number_of_statements()
    {
        await using var host = new HelpAgencyFactory();
        var client = host.CreateClient();
        (await client.PostAsJsonAsync("/api/chat", new { user = "zhang.san", text = "你好" })).EnsureSuccessStatusCode();
        var log = host.Services.GetRequiredService<Database>().LogStatements();

        for (var i = 0; i < 3; i++)
        {
            await PinnedAsync(log, LocalTurn, async () => (await client.PostAsJsonAsync("/api/chat", new { user = "zhang.san", text = "帮助" })).EnsureSuccessStatusCode());
        }
    }

    [Fact]
    public async Task The_cheapest_turn_over_WeCom_answered_inline_runs_a_pinned_number_of_statements()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        await using var host = new HelpAgencyFactory(WeComCallbackClient.Settings(wecom.BaseUrl));
        var client = new WeComCallbackClient(host.CreateClient());
        (await client.PostAsync(WeComCallbackClient.Text("zhang.san", "你好", "CAIQ-first"))).EnsureSuccessStatusCode();
        var log = host.Services.GetRequiredService<Database>().LogStatements();

        for (var i = 0; i < 3; i++)
        {
            var key = $"CAIQ-help-{i}";
            await PinnedAsync(log, WeComTurn, async () =>
                Assert.NotNull(await WeComCallbackClient.OpenReplyAsync(await client.PostAsync(WeComCallbackClient.Text("zhang.san", "帮助", key)))));
        }
    }

    [Fact]
    public async Task A_turn_whose_reply_goes_through_the_outbox_and_the_dispatch_that_sends_it_run_a_pinned_number_of_statements()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        await using var host = new HelpAgencyFactory(WeComCallbackClient.Settings(wecom.BaseUrl));
        var client = new WeComCallbackClient(host.CreateClient());
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();
        (await client.PostAsync(WeComCallbackClient.Text("zhang.san", "你好", "CAIQ-first"))).EnsureSuccessStatusCode();
        var log = host.Services.GetRequiredService<Database>().LogStatements();

        for (var i = 0; i < 3; i++)
        {
            // Markdown, which a passive reply cannot carry: the reply is queued with the turn.
            var key = $"CAIQ-materials-{i}";
            await PinnedAsync(log, QueuedTurn, async () =>
                Assert.Null(await WeComCallbackClient.OpenReplyAsync(await client.PostAsync(WeComCallbackClient.Text("zhang.san", "施工许可证需要什么材料", key)))));
            await PinnedAsync(log, Dispatch, async () => Assert.Equal(1, await dispatcher.DispatchOnceAsync()));
            await PinnedAsync(log, IdleDispatch, async () => Assert.Equal(0, await dispatcher.DispatchOnceAsync()));
        }

        Assert.Equal(3, wecom.Delivered.Count);
    }

    /// <summary>帮助 on the local channel, for a known contact without projects.</summary>
    private const int LocalTurn = 4;

    /// <summary>The same over WeCom, its answer passive: the delivery's claim and outcome on top.</summary>
    private const int WeComTurn = 8;

    /// <summary>A WeCom turn whose reply is queued in the outbox: its row with the delivery's outcome.</summary>
    private const int QueuedTurn = 9;

    /// <summary>Sending one queued message: the claim (with the member's recent sends and its first attempt), then its record.</summary>
    private const int Dispatch = 10;

    /// <summary>A dispatch that finds nothing to send.</summary>
    private const int IdleDispatch = 5;

    /// <summary>Runs <paramref name="act"/> and checks that SQLite ran <paramref name="expected"/> statements for it, listing them when not.</summary>
    private static async Task PinnedAsync(SqliteStatementLog log, int expected, Func<Task> act)
    {
        log.Drain();
        await act();
        var statements = log.Drain();
        Assert.True(
            statements.Count == expected,
            $"{statements.Count} statements, {expected} expected:\n" + string.Join("\n", statements.Select(s => "  " + s.ReplaceLineEndings(" "))));
    }
}
