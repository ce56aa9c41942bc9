using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Persistence;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.LocalChannel;

/// <summary>The local inbox API on one host: each test pushes to users of its own.</summary>
public sealed class InboxApiTests(SharedHost host) : IClassFixture<SharedHost>
{
    private readonly HelpAgencyFactory _factory = host.Factory;
    private readonly HttpClient _client = host.Client;

    [Fact]
    public async Task Pushed_messages_come_back_oldest_first_with_id_time_type_and_content()
    {
        await PushAsync("demo-contact", "text", """{"text":"施工许可已受理"}""");
        await PushAsync("someone-else", "text", """{"text":"不是你的"}""");
        await PushAsync("demo-contact", "markdown", """{"text":"**已办结**"}""");

        var messages = await GetMessagesAsync("/api/inbox/demo-contact");

        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("施工许可已受理", messages[0].GetProperty("content").GetProperty("text").GetString());
        Assert.Equal("markdown", messages[1].GetProperty("type").GetString());
        Assert.True(messages[0].GetProperty("id").GetInt64() < messages[1].GetProperty("id").GetInt64());
        Assert.Equal(_factory.Clock.GetUtcNow(), messages[0].GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task After_returns_only_newer_messages_and_limit_caps_the_page()
    {
        var first = await PushAsync("u", "text", """{"text":"一"}""");
        await PushAsync("u", "text", """{"text":"二"}""");
        await PushAsync("u", "text", """{"text":"三"}""");

        var newer = await GetMessagesAsync($"/api/inbox/u?after={first}");
        var capped = await GetMessagesAsync("/api/inbox/u?limit=1");

        Assert.Equal(["二", "三"], newer.EnumerateArray().Select(m => m.GetProperty("content").GetProperty("text").GetString()));
        Assert.Equal("一", Assert.Single(capped.EnumerateArray()).GetProperty("content").GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_unknown_user_has_an_empty_inbox()
    {
        Assert.Equal(0, (await GetMessagesAsync("/api/inbox/nobody")).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/inbox/u?after=abc", "after")]
    [InlineData("/api/inbox/u?after=-1", "after")]
    [InlineData("/api/inbox/u?limit=0", "limit")]
    [InlineData("/api/inbox/u?limit=501", "limit")]
    [InlineData("/api/inbox/-u", "用户 ID")]
    [InlineData("/api/inbox/%E5%BC%A0%E4%B8%89", "用户 ID")]
    public async Task Bad_inbox_queries_get_400_with_a_json_error(string url, string expected)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    private async Task<long> PushAsync(string user, string type, string content)
    {
        var database = _factory.Services.GetRequiredService<IUnitOfWorkFactory>();
        await using var work = await database.BeginAsync(default);
        var id = await work.Inbox.AppendAsync(user, type, content, _factory.Clock.GetUtcNow(), default);
        await work.CommitAsync(default);
        return id;
    }

    private async Task<JsonElement> GetMessagesAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages");
    }
}
