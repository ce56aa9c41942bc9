using System.Net;
using System.Text.Json;
using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Cases;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.Storage;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelpAgency.IntegrationTests.Scale;

/// <summary>Two host instances on one PostgreSQL database behave as one: one turn per WeCom delivery, one send per push, one move per late plan.</summary>
public sealed class MultiInstanceTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    [PostgresFact]
    public async Task The_same_callback_sent_to_two_hosts_at_once_runs_one_turn_and_both_answer_the_same_reply()
    {
        await using var db = await TestDatabase.CreateAsync("postgres");
        await using var wecom = await FakeWeComServer.StartAsync();
        await using var first = Host(db, wecom);
        await using var second = Host(db, wecom);
        var callbacks = new[] { new WeComCallbackClient(first.CreateClient()), new WeComCallbackClient(second.CreateClient()) };
        foreach (var (client, i) in callbacks.Select((c, i) => (c, i)))
        {
            (await client.PostAsync(WeComCallbackClient.Text($"warm.{i}", "你好", $"CAIQ-warm-{i}"))).EnsureSuccessStatusCode();
        }

        for (var round = 0; round < 5; round++)
        {
            var user = $"wang.{round}";
            var message = WeComCallbackClient.Text(user, "你好", $"CAIQ-twin-{round}");
            using var start = new SemaphoreSlim(0, 2);
            var posts = callbacks.Select(c => Task.Run(async () =>
            {
                await start.WaitAsync();
                return await c.PostAsync(message);
            })).ToList();
            start.Release(2);
            var responses = await Task.WhenAll(posts);

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var replies = new List<string>();
            foreach (var response in responses)
            {
                if (await WeComCallbackClient.OpenReplyAsync(response) is { } reply)
                {
                    replies.Add(reply.Element("Content")!.Value);
                }
            }

            // A host that answered empty left the reply to the API: the reply goes out once either way.
            var sentToUser = wecom.Sent.Count(s => s.GetProperty("touser").GetString() == user);
            Assert.NotEmpty(replies);
            Assert.Single(replies.Distinct());
            Assert.Contains("办什么", replies[0]);
            Assert.Equal(0, sentToUser);
            Assert.Equal(1L, await ScalarAsync(db, "SELECT version FROM conversations WHERE user_id = @user", new { user }));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM wecom_callbacks WHERE user_id = @user", new { user }));
        }
    }

    [PostgresFact]
    public async Task A_burst_of_pushes_drained_by_two_hosts_at_once_is_sent_exactly_once_each()
    {
        await using var db = await TestDatabase.CreateAsync("postgres");
        await using var wecom = await FakeWeComServer.StartAsync();
        await using var first = Host(db, wecom);
        await using var second = Host(db, wecom);
        var expected = new List<(string User, string Text)>();
        await using (var work = await db.Units.BeginAsync(default))
        {
            for (var i = 0; i < 200; i++)
            {
                var (user, text) = ($"member{i % 50}", $"第{i}条进度通知");
                expected.Add((user, text));
                var content = JsonSerializer.Serialize(new { text });
                await work.Outbox.EnqueueAsync(new OutboxMessage(0, $"burst:{i}", user, "text", content, false, OutboxStatus.Pending, 0, Morning, Morning), default);
            }

            await work.CommitAsync(default);
        }

        var dispatchers = new[] { first, second }.Select(h => h.Services.GetRequiredService<OutboxDispatcher>()).ToList();
        using var start = new SemaphoreSlim(0, 2);
        var runs = dispatchers.Select(d => Task.Run(async () =>
        {
            await start.WaitAsync();
            var sent = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && await ScalarAsync(db, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'", null) > 0)
            {
                var claimed = await d.DispatchOnceAsync();
                sent += claimed;
                if (claimed == 0)
                {
                    await Task.Delay(10); // the rest is leased by the other host, or waits behind its recipient's earlier message
                }
            }

            return sent;
        })).ToList();
        start.Release(2);
        var delivered = await Task.WhenAll(runs);

        var sends = wecom.Sent.Select(s => (s.GetProperty("touser").GetString()!, s.GetProperty("text").GetProperty("content").GetString()!)).ToList();
        Assert.Equal(200, sends.Count);
        Assert.Equal(expected.Order(), sends.Order());
        Assert.Equal(200, delivered.Sum());
        Assert.Equal(200L, await ScalarAsync(db, "SELECT COUNT(DISTINCT external_id) FROM outbox WHERE status = 'sent'", null));
    }

    [PostgresFact]
    public async Task Two_hosts_scanning_at_once_re_date_each_late_plan_once()
    {
        await using var db = await TestDatabase.CreateAsync("postgres");
        await using var first = new HelpAgencyFactory(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = db.ConnectionString });
        await using var second = new HelpAgencyFactory(new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = db.ConnectionString });
        _ = first.Server;
        _ = second.Server;
        var operations = first.Services.GetRequiredService<CaseOperations>();
        var supervisor = new AppUser("sup", "sup", UserRole.Supervisor, Morning);
        for (var i = 0; i < 5; i++)
        {
            // The land permit (LX06, due 12-02) is submitted and not issued; the design review (GC01) waits for it.
            await using var work = await db.Units.BeginAsync(default);
            var contact = new AppUser($"contact{i}", $"contact{i}", UserRole.Contact, Morning);
            var opened = await operations.Intake.ApplyAsync(new OperationContext(work, contact, Morning), new ServiceApplication(
                $"光谷厂房{i}期", "武汉光谷智造有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷生物城", "张三", "13912345678", ItemCodes: ["LX01", "LX06", "GC01"], Agreement: CaseFixture.Agreed), default);
            await operations.Progress.UpdateItemAsync(new OperationContext(work, supervisor, Morning), opened.Case.Id, "LX06", ItemStatus.Submitted, null, null, default);
            await work.CommitAsync(default);
        }

        first.Clock.Advance(TimeSpan.FromDays(16));
        second.Clock.Advance(TimeSpan.FromDays(16));
        using var start = new SemaphoreSlim(0, 2);
        var scans = new[] { first, second }.Select(host => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await host.Services.GetRequiredService<FollowUpScheduler>().ScanOnceAsync();
        })).ToList();
        start.Release(2);
        await Task.WhenAll(scans);

        Assert.Equal(5L, await ScalarAsync(db, "SELECT COUNT(*) FROM service_ledger WHERE action = 'plan_redated' AND actor_role = 'system'", null));
        Assert.Equal(5L, await ScalarAsync(db, "SELECT COUNT(*) FROM case_items WHERE item_code = 'GC01' AND planned_start = @friday", new { friday = new DateOnly(2026, 12, 11) }));
    }

    private static HelpAgencyFactory Host(TestDatabase db, FakeWeComServer wecom)
    {
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        settings["Storage:Provider"] = "Postgres";
        settings["Storage:ConnectionString"] = db.ConnectionString;
        return new HelpAgencyFactory(settings);
    }

    private static async Task<long> ScalarAsync(TestDatabase db, string sql, object? parameters)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }
}
