using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using HelpAgency.Core.Outbox;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using HelpAgency.Load;
using HelpAgency.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace HelpAgency.IntegrationTests.Crashes;

/// <summary>
/// The real host as a process of its own, killed with SIGKILL in the middle of its work and started again on the same
/// database. Counted from the fake WeCom server's log: every message a member would see arrived exactly once, or
/// arrived and its resend was dropped by WeCom's duplicate check; nothing is lost and no turn runs twice.
/// </summary>
public sealed class KillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-kill-").FullName;
    private FakeWeComServer _wecom = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "kill.db")}";

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _wecom.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_host_killed_while_dispatching_sends_every_push_exactly_once_after_restart()
    {
        const int Pushes = 200;
        // Each message reaches the member at once and WeCom answers 30 ms later: a kill in between leaves sends that
        // arrived but were never recorded, which the next host sends again.
        _wecom.SendFaultRule = _ => SendFault.ArrivesThenAnswers(TimeSpan.FromMilliseconds(30));
        await using (var first = await StartHostAsync())
        {
            await EnqueueAsync(Pushes);
            await WaitAsync(() => _wecom.Delivered.Count >= Pushes / 3, "a third of the pushes to arrive");
        } // SIGKILL

        var deliveredBeforeKill = _wecom.Delivered.Count;
        await using (var second = await StartHostAsync())
        {
            await WaitAsync(async () => await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == Pushes, "every push to be recorded as sent");
        }

        var texts = _wecom.Delivered.Select(m => m.GetProperty("markdown").GetProperty("content").GetString()).ToList();
        output.WriteLine($"pushes {Pushes}: {deliveredBeforeKill} arrived before the kill; {texts.Count} arrived in all; {_wecom.Suppressed.Count} resends dropped by the duplicate check; {_wecom.Sent.Count} sends");
        Assert.Equal(Pushes, texts.Count);
        Assert.Equal(Pushes, texts.Distinct().Count());
        Assert.All(_wecom.Sent, m => Assert.Equal(1, m.GetProperty("enable_duplicate_check").GetInt32()));
    }

    [Fact]
    public async Task A_host_killed_during_a_stream_of_turns_answers_every_message_once_after_restart()
    {
        const int Users = 8;
        string[] script = ["你好", "施工许可证要什么材料", "帮助", "我想申请帮办代办服务", "取消", "施工许可找哪个部门"];
        var host = await StartHostAsync();
        var seen = new Dictionary<string, int>(); // passive replies the members saw, by message id
        var killAfter = Users * script.Length / 3;
        var sent = 0;
        try
        {
            for (var turn = 0; turn < script.Length; turn++)
            {
                for (var user = 0; user < Users; user++)
                {
                    var msgId = $"kill-{user}-{turn}";
                    var xml = WeComCallbackClient.Text($"kill.user{user}", script[turn], msgId, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                    // Like WeCom: a delivery that got no answer is sent again, with the same MsgId, until one comes.
                    while (true)
                    {
                        if (sent++ == killAfter)
                        {
                            await host.DisposeAsync(); // SIGKILL, with turns possibly in flight
                            host = await StartHostAsync();
                        }

                        var answer = await TryPostAsync(host, xml);
                        if (answer is null)
                        {
                            continue;
                        }

                        if (answer is { Length: > 0 })
                        {
                            seen[msgId] = seen.GetValueOrDefault(msgId) + 1;
                        }

                        break;
                    }
                }
            }

            await WaitAsync(async () => await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0, "every queued reply to be sent");
        }
        finally
        {
            await host.DisposeAsync();
        }

        await using var connection = new SqliteConnection(ConnectionString);
        var records = (await connection.QueryAsync<(string Key, string Status)>("SELECT key, status FROM wecom_callbacks")).ToDictionary(r => r.Key, r => r.Status);
        var replyRows = (await connection.QueryAsync<string>("SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE 'reply:%'")).ToList();
        var versions = await connection.QueryAsync<long>("SELECT version FROM conversations");
        output.WriteLine($"turns {Users * script.Length}: {seen.Values.Sum()} passive replies seen, {replyRows.Count} replies through the API, {_wecom.Delivered.Count} delivered, {_wecom.Suppressed.Count} resends dropped");

        // Every message ran exactly one turn: recorded once, and each member's conversation moved once per message.
        Assert.Equal(Users * script.Length, records.Count);
        Assert.All(versions, v => Assert.Equal(script.Length, v));
        // Each passive reply was seen once; each API reply arrived once; no message was answered both ways.
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.Equal(replyRows.Count, _wecom.Delivered.Count);
        Assert.Equal(_wecom.Delivered.Count, _wecom.Delivered.Select(m => m.GetRawText()).Distinct().Count());
        foreach (var (key, status) in records)
        {
            var msgId = key["msg:".Length..];
            var throughApi = replyRows.Any(r => r.StartsWith($"reply:{key}:", StringComparison.Ordinal));
            Assert.True(seen.ContainsKey(msgId) ^ throughApi || (status == "replied" && !throughApi), $"{key} ({status}) answered inline: {seen.ContainsKey(msgId)}, through the API: {throughApi}");
        }
    }

    private async Task<HostProcess> StartHostAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = ConnectionString,
            ["Demo__Seed"] = "false",
            ["Pushes__PollInterval"] = "00:00:00.050",
            ["Pushes__Lease"] = "00:00:03",
            ["Limits__TurnsPerUserPerMinute"] = "6000",
        };
        foreach (var (key, value) in WeComCallbackClient.Settings(_wecom.BaseUrl))
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        return await HostProcess.StartBotAsync(RepositoryRoot.Path, Configuration, settings, CancellationToken.None);
    }

    private async Task EnqueueAsync(int count)
    {
        await using var database = new Database(Options.Create(new StorageOptions { ConnectionString = ConnectionString }));
        var units = new UnitOfWorkFactory(database);
        await using var work = await units.BeginAsync(default);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var content = JsonSerializer.Serialize(new { text = $"第 {i.ToString(CultureInfo.InvariantCulture)} 条进度通知" });
            await work.Outbox.EnqueueAsync(new OutboxMessage(0, $"kill:{i}", $"member{i % 40}", "markdown", content, true, OutboxStatus.Pending, 0, now, now), default);
        }

        await work.CommitAsync(default);
    }

    /// <summary>The passive reply's XML ("" for an empty 200), or null when the host gave no answer (it died, or is not up yet).</summary>
    private static async Task<string?> TryPostAsync(HostProcess host, string xml)
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(5) };
        var callbacks = new WeComCallbackClient(http, TimeProvider.System);
        try
        {
            var response = await callbacks.PostAsync(xml);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var reply = await WeComCallbackClient.OpenReplyAsync(response);
            return reply?.ToString(SaveOptions.DisableFormatting) ?? "";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
