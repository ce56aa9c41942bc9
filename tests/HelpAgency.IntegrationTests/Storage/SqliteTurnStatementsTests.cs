using System.Globalization;
using System.Net.Http.Json;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Startup;
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

    [Fact]
    public async Task A_progress_query_of_a_contact_with_a_case_over_WeCom_runs_a_pinned_number_of_statements()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        // demo-contact is the contact of the demo's projects, one of them with an open case.
        settings["Demo:Seed"] = "true";
        await using var host = new HelpAgencyFactory(settings);
        var client = new WeComCallbackClient(host.CreateClient());
        (await client.PostAsync(WeComCallbackClient.Text(DemoSeeder.ContactId, "你好", "CAIQ-first"))).EnsureSuccessStatusCode();
        var log = host.Services.GetRequiredService<Database>().LogStatements();

        for (var i = 0; i < 3; i++)
        {
            // The progress summary is markdown, which a passive reply cannot carry: it is queued with the turn.
            var key = $"CAIQ-progress-{i}";
            await PinnedAsync(log, ProgressTurn, async () =>
                Assert.Null(await WeComCallbackClient.OpenReplyAsync(await client.PostAsync(WeComCallbackClient.Text(DemoSeeder.ContactId, "查进度", key)))));
        }

        Assert.Equal(3, await host.ScalarAsync(
            $"SELECT COUNT(*) FROM outbox WHERE recipient = '{DemoSeeder.ContactId}' AND idempotency_key LIKE 'reply:msg:CAIQ-progress-%' AND content LIKE '%已办结%'"));
    }

    [Fact]
    public async Task The_turn_that_opens_a_case_over_WeCom_runs_a_pinned_number_of_statements()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        // The demo's staff: an assistant on duty for the park to assign the case to.
        settings["Demo:Seed"] = "true";
        await using var host = new HelpAgencyFactory(settings);
        var client = new WeComCallbackClient(host.CreateClient());
        var log = host.Services.GetRequiredService<Database>().LogStatements();

        foreach (var user in new[] { "applicant-1", "applicant-2" })
        {
            var turn = 0;
            foreach (var text in Application)
            {
                (await client.PostAsync(WeComCallbackClient.Text(user, string.Format(CultureInfo.InvariantCulture, text, user), $"CAIQ-{user}-{turn++}"))).EnsureSuccessStatusCode();
            }

            await PinnedAsync(log, OpeningTurn, async () =>
                (await client.PostAsync(WeComCallbackClient.Text(user, "同意", $"CAIQ-{user}-agree"))).EnsureSuccessStatusCode());
            Assert.Equal(1, await host.ScalarAsync($"SELECT COUNT(*) FROM service_ledger WHERE action = 'case_opened' AND actor_id = '{user}'"));
            Assert.Equal(1, await host.ScalarAsync($"SELECT COUNT(*) FROM outbox WHERE idempotency_key = 'reply:msg:CAIQ-{user}-agree:0' AND content LIKE '%申请已受理%'"));
        }
    }

    /// <summary>The application up to the 委托 terms, as the load program's contacts type it; {0} makes each project its own.</summary>
    private static readonly string[] Application =
    [
        "我想申请帮办代办服务", "光谷{0}产业园", "武汉{0}有限公司", "91420100MA4K8LT2XN", "王五", "13912345678", "3", "光谷生物城",
        "800万", "3000平方米", "12米", "厂房", "是", "是",
    ];

    /// <summary>
    /// 查进度 of a contact with one case, over WeCom, its summary queued: the start's read (which holds the contact's projects),
    /// the contact's cases, the case's items and issues, the assistant, the save; the claim, the outcome and its outbox row.
    /// Before the unit's identity map: 21 (the case and its project read again, the contact checked again, and the case's
    /// contacts, material checks, meetings and evaluations read for a summary that shows none of them).
    /// </summary>
    private const int ProgressTurn = 13;

    /// <summary>
    /// 同意 at the end of the application, over WeCom: the project, its contact, the assistant's choice (the staff and their
    /// open cases), the case, its items, its three ledger entries in one insert, the task card, the save; the claim, the
    /// outcome and its outbox row. Before: 23 (the user, the contacts twice and the assistant read again, three ledger inserts).
    /// </summary>
    private const int OpeningTurn = 17;

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
