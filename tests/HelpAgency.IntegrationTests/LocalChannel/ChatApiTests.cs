using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.LocalChannel;

/// <summary>The local chat API on one host: each test speaks as users of its own.</summary>
public sealed class ChatApiTests(SharedHost host) : IClassFixture<SharedHost>
{
    private readonly HelpAgencyFactory _factory = host.Factory;
    private readonly HttpClient _client = host.Client;

    [Fact]
    public async Task Greeting_gets_a_Chinese_welcome_that_names_the_four_questions()
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { user = "zhang.san", text = "你好" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies");
        var reply = Assert.Single(replies.EnumerateArray());
        Assert.Equal("text", reply.GetProperty("type").GetString());
        Assert.Contains("办什么", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Opening_the_app_greets_the_user()
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { user = "li-si", @event = "enter_agent" });

        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies")[0].GetProperty("text").GetString();
        Assert.Contains("您好", text);
    }

    [Fact]
    public async Task Unrecognised_text_gets_a_polite_not_understood()
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { user = "wang", text = "qwertyuiop" });

        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies")[0].GetProperty("text").GetString();
        Assert.Contains("抱歉", text);
    }

    [Fact]
    public async Task Each_turn_is_committed_with_the_conversation_version_advanced()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _client.PostAsJsonAsync("/api/chat", new { user = "counted", text = "你好" })).EnsureSuccessStatusCode();
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM conversations WHERE user_id = 'counted'";
        Assert.Equal(3L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_turns_of_one_user_all_commit_without_losing_one()
    {
        var turns = Enumerable.Range(0, 12).Select(_ => _client.PostAsJsonAsync("/api/chat", new { user = "busy", text = "你好" }));
        var responses = await Task.WhenAll(turns);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM conversations WHERE user_id = 'busy'";
        Assert.Equal(12L, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("{\"user\":\"a\",", "不是有效的 JSON")]
    [InlineData("[1,2]", "JSON 对象")]
    [InlineData("\"hello\"", "JSON 对象")]
    [InlineData("null", "JSON 对象")]
    [InlineData("", "不能为空")]
    [InlineData("{\"text\":\"你好\"}", "用户 ID")]
    [InlineData("{\"user\":\"\",\"text\":\"你好\"}", "用户 ID")]
    [InlineData("{\"user\":\"   \",\"text\":\"你好\"}", "用户 ID")]
    [InlineData("{\"user\":\"-bad\",\"text\":\"你好\"}", "用户 ID")]
    [InlineData("{\"user\":123,\"text\":\"你好\"}", "user")]
    [InlineData("{\"user\":\"a\"}", "text")]
    [InlineData("{\"user\":\"a\",\"text\":\"  \"}", "text")]
    [InlineData("{\"user\":\"a\",\"event\":\"subscribe\"}", "不支持的事件")]
    [InlineData("{\"user\":\"a\",\"text\":\"hi\",\"event\":\"enter_agent\"}", "二选一")]
    public async Task Bad_chat_requests_get_400_with_a_json_error_and_store_nothing(string body, string expected)
    {
        var users = await CountUsersAsync();

        var response = await _client.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(expected, error);
        Assert.Equal(users, await CountUsersAsync());
    }

    [Fact]
    public async Task Text_over_2000_characters_is_refused()
    {
        var users = await CountUsersAsync();

        var response = await _client.PostAsJsonAsync("/api/chat", new { user = "too-long", text = new string('办', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(users, await CountUsersAsync());
    }

    [Fact]
    public async Task Text_of_exactly_2000_characters_is_accepted()
    {
        var users = await CountUsersAsync();

        var response = await _client.PostAsJsonAsync("/api/chat", new { user = "long", text = new string('办', 2000) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(users + 1, await CountUsersAsync());
    }

    [Fact]
    public async Task A_body_over_64_KiB_gets_413()
    {
        var body = "{\"user\":\"a\",\"text\":\"" + new string('x', 70_000) + "\"}";
        var response = await _client.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Unknown_api_path_gets_a_json_404()
    {
        var response = await _client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    private async Task<long> CountUsersAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM users";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
