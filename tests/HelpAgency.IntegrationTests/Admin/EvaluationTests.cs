using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>The contact's evaluations through the chat, as the supervisors then see them in the console and their inbox.</summary>
public sealed class EvaluationTests
{
    private const string Main = "光谷智造园一期";

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_second_evaluation_is_kept_beside_the_first_and_a_low_score_alerts_the_supervisors_even_at_night(string engine)
    {
        await using var host = await ConsoleHost.StartAsync(engine);
        using var chat = host.Factory.CreateClient();
        var id = (await host.CaseIdsAsync())[Main];

        Assert.Contains("感谢您的评价", await EvaluateAsync(chat, "5", "陈帮办很专业"), StringComparison.Ordinal);
        Assert.DoesNotContain(await PushesToAsync(host, chat, "demo-supervisor"), t => t.Contains("低分评价", StringComparison.Ordinal));

        host.Factory.Clock.Advance(TimeSpan.FromHours(13)); // 22:00 China time: routine pushes wait for the morning, an alert does not
        Assert.Contains("会尽快回访", await EvaluateAsync(chat, "2", "补正材料等了很久"), StringComparison.Ordinal);
        var alert = Assert.Single(await PushesToAsync(host, chat, "demo-supervisor"), t => t.Contains("低分评价", StringComparison.Ordinal));
        Assert.Contains("补正材料等了很久", alert, StringComparison.Ordinal);

        using var supervisor = await host.AsAsync("demo-supervisor");
        var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        var evaluations = view.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal([5, 2], evaluations.Select(e => e.GetProperty("score").GetInt32()));
        Assert.Equal("陈帮办很专业", evaluations[0].GetProperty("comment").GetString());
        Assert.Equal(2, view.GetProperty("evaluation").GetProperty("score").GetInt32());
        var ledger = view.GetProperty("ledger").EnumerateArray().Where(l => l.GetProperty("actionLabel").GetString() == "服务评价")
            .Select(l => l.GetProperty("summary").GetString()).ToList();
        Assert.Equal(["评分 5 分：陈帮办很专业", "第2次评价，评分 2 分：补正材料等了很久"], ledger);
    }

    [Fact]
    public async Task A_second_evaluation_is_thanked_as_one_more_and_a_good_score_alerts_nobody()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var chat = host.Factory.CreateClient();

        await EvaluateAsync(chat, "4", "无");
        Assert.Contains("之前的评价仍然保留", await EvaluateAsync(chat, "3", "无"), StringComparison.Ordinal);
        Assert.DoesNotContain(await PushesToAsync(host, chat, "demo-supervisor"), t => t.Contains("低分评价", StringComparison.Ordinal));
    }

    private static async Task<string> EvaluateAsync(HttpClient chat, string score, string comment)
    {
        string last = "";
        foreach (var text in new[] { "我要评价", score + "分", comment })
        {
            var response = await chat.PostAsJsonAsync("/api/chat", new { user = "demo-contact", text });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            last = string.Join("\n", body.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
        }

        return last;
    }

    private static async Task<List<string>> PushesToAsync(ConsoleHost host, HttpClient chat, string user)
    {
        var dispatcher = host.Factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }

        var inbox = await chat.GetFromJsonAsync<JsonElement>($"/api/inbox/{user}");
        return inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetProperty("text").GetString() ?? "").ToList();
    }
}
