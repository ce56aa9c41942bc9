using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using HelpAgency.WeCom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.Pushes;

/// <summary>Chat, drain and read back pushes on a running test host.</summary>
internal sealed class PushHarness(HelpAgencyFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly bool _overWeCom = factory.Services.GetRequiredService<IOptions<WeComOptions>>().Value.IsConfigured;
    private int _messages;

    /// <summary>
    /// Says each line as <paramref name="user"/> and returns the bot's last reply: in the local chat without WeCom, as
    /// signed WeCom callbacks with WeCom (where the local channel is closed), reading the passive reply.
    /// </summary>
    public async Task<string> ChatAsync(string user, params string[] lines)
    {
        var last = "";
        foreach (var line in lines)
        {
            if (_overWeCom)
            {
                var callback = await new WeComCallbackClient(_client, factory.Clock).PostAsync(WeComCallbackClient.Text(user, line, $"harness-{Interlocked.Increment(ref _messages)}"));
                Assert.True(callback.IsSuccessStatusCode, await callback.Content.ReadAsStringAsync());
                last = (await WeComCallbackClient.OpenReplyAsync(callback))?.Element("Content")?.Value ?? "";
                continue;
            }

            var response = await _client.PostAsJsonAsync("/api/chat", new { user, text = line });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            last = string.Join("\n", body.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
        }

        return last;
    }

    public async Task DrainAsync()
    {
        var dispatcher = factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }
    }

    public async Task<IReadOnlyList<string>> InboxAsync(string user)
    {
        var inbox = await _client.GetFromJsonAsync<JsonElement>($"/api/inbox/{user}");
        return [.. inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetProperty("text").GetString() ?? "")];
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync()
    {
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        return [.. (await work.Outbox.ListAsync(null, 500, default)).OrderBy(m => m.Id)];
    }

    /// <summary>
    /// Schedules the demo's coordination meeting in chat as demo-assistant (next Tuesday 10:00, 住建局's contact and the
    /// project's contact invited): the host's catalog is <see cref="TestCatalog.WithDepartmentContacts"/>.
    /// </summary>
    public Task<string> ScheduleDemoMeetingAsync() => ChatAsync("demo-assistant",
        "安排协调会", "光谷智造园一期", "施工图审查超期协调", "下周二上午10点", "政务服务中心301会议室", "住建局", "是", "1. 审查进度 2. 补正要求");
}
