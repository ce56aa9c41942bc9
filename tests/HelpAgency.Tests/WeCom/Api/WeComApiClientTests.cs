using System.Net;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.Tests.WeCom.Api;

public sealed class WeComApiClientTests : IDisposable
{
    private const string Send = "/cgi-bin/message/send";
    private const string GetToken = "/cgi-bin/gettoken";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private readonly FakeWeComHandler _wecom = new();
    private readonly ServiceProvider _services;
    private readonly WeComApiClient _client;

    public WeComApiClientTests()
    {
        _services = Build(_ => { }, _wecom);
        _client = _services.GetRequiredService<WeComApiClient>();
    }

    /// <summary>The client as the host wires it, over a fake WeCom (registered, so a test can script it).</summary>
    private ServiceProvider Build(Action<WeComOptions> configure, FakeWeComHandler? wecom = null)
    {
        wecom ??= new FakeWeComHandler();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(wecom);
        services.Configure<WeComOptions>(o =>
        {
            o.CorpId = "ww-corp";
            o.Secret = "s3cret";
            o.AgentId = 1000002;
            o.ApiBaseUrl = "http://wecom.test";
            o.ApiRetryDelayMilliseconds = 1;
            o.ApiMaxRetries = 2;
            configure(o);
        });
        services.AddWeComApi().ConfigurePrimaryHttpMessageHandler(() => wecom);
        return services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task The_token_is_fetched_once_and_reused_until_shortly_before_it_expires()
    {
        await SendTextAsync();
        _clock.Advance(TimeSpan.FromSeconds(7200 - 300 - 1));
        await SendTextAsync();
        Assert.Equal(1, _wecom.Count(GetToken));

        _clock.Advance(TimeSpan.FromSeconds(2)); // inside the five-minute margin
        await SendTextAsync();

        Assert.Equal(2, _wecom.Count(GetToken));
        Assert.Equal(["token-1", "token-1", "token-2"], _wecom.Requests.Where(r => r.Path == Send).Select(r => FakeWeComHandler.TokenOf(r.Query)));
        Assert.Contains("corpid=ww-corp", _wecom.Requests.First(r => r.Path == GetToken).Query);
        Assert.Contains("corpsecret=s3cret", _wecom.Requests.First(r => r.Path == GetToken).Query);
    }

    [Theory]
    [InlineData(42001)]
    [InlineData(40014)]
    [InlineData(41001)]
    [InlineData(40001)]
    public async Task A_rejected_token_is_refreshed_once_and_the_call_tried_once_more(int errcode)
    {
        _wecom.Respond = (_, n) => n == 1 ? FakeWeComHandler.Json($$"""{"errcode":{{errcode}},"errmsg":"expired"}""") : FakeWeComHandler.Json("""{"errcode":0,"errmsg":"ok"}""");

        var result = await SendTextAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(2, _wecom.Count(GetToken));
        Assert.Equal(["token-1", "token-2"], _wecom.Requests.Where(r => r.Path == Send).Select(r => FakeWeComHandler.TokenOf(r.Query)));
    }

    [Fact]
    public async Task A_token_rejected_again_after_the_refresh_comes_back_typed_without_looping()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("""{"errcode":42001,"errmsg":"access_token expired"}""");

        var result = await SendTextAsync();

        Assert.Equal(42001, result.ErrCode);
        Assert.Equal(2, _wecom.Count(Send));
        Assert.Equal(2, _wecom.Count(GetToken));
    }

    [Fact]
    public async Task A_refused_gettoken_comes_back_typed_and_nothing_is_sent()
    {
        _wecom.RespondToken = _ => FakeWeComHandler.Json("""{"errcode":40001,"errmsg":"invalid credential"}""");

        var result = await SendTextAsync();

        Assert.Equal(40001, result.ErrCode);
        Assert.Equal(0, _wecom.Count(Send));
        Assert.Equal(1, _wecom.Count(GetToken));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, null)]
    [InlineData(HttpStatusCode.BadGateway, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.OK, -1)]
    [InlineData(HttpStatusCode.OK, 45009)]
    [InlineData(HttpStatusCode.OK, 45033)]
    public async Task A_transient_failure_recovers_after_retries(HttpStatusCode status, int? errcode)
    {
        _wecom.Respond = (_, n) => n <= 2
            ? FakeWeComHandler.Json($$"""{"errcode":{{errcode ?? -1}},"errmsg":"busy"}""", status)
            : FakeWeComHandler.Json("""{"errcode":0,"errmsg":"ok"}""");

        var result = await SendTextAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(3, _wecom.Count(Send));
    }

    [Fact]
    public async Task An_attempt_that_hangs_times_out_and_the_retry_delivers()
    {
        using var services = Build(o => o.ApiAttemptTimeoutSeconds = 1);
        var wecom = services.GetRequiredService<FakeWeComHandler>();
        wecom.Hangs = (path, n) => path == Send && n == 1;

        var result = await services.GetRequiredService<WeComApiClient>().SendMessageAsync(AppMessage.ToUsers(MessageContent.Text("您好"), "zhang.san"), default);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, wecom.Count(Send));
    }

    [Fact]
    public async Task A_failing_WeCom_opens_the_circuit_and_later_calls_fail_fast_without_a_request()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("{}", HttpStatusCode.BadGateway);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => SendTextAsync());
        }

        var sent = _wecom.Count(Send);
        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => SendTextAsync());

        Assert.Equal(sent, _wecom.Count(Send));
    }

    [Fact]
    public async Task A_transient_failure_that_persists_gives_up_after_three_tries_in_all()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("{}", HttpStatusCode.ServiceUnavailable);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendTextAsync());

        Assert.Equal(3, _wecom.Count(Send));
    }

    [Fact]
    public async Task System_busy_that_persists_comes_back_typed_after_three_tries()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("""{"errcode":-1,"errmsg":"system busy"}""");

        var result = await SendTextAsync();

        Assert.Equal(-1, result.ErrCode);
        Assert.True(result.IsTransient);
        Assert.Equal(3, _wecom.Count(Send));
    }

    [Theory]
    [InlineData(48002)]
    [InlineData(60011)]
    [InlineData(60020)]
    [InlineData(81013)]
    [InlineData(301002)]
    [InlineData(86001)]
    public async Task A_permanent_error_is_not_retried_and_comes_back_typed(int errcode)
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json($$"""{"errcode":{{errcode}},"errmsg":"no"}""");

        var result = await SendTextAsync();

        Assert.Equal(errcode, result.ErrCode);
        Assert.Equal("no", result.ErrMsg);
        Assert.Equal(1, _wecom.Count(Send));
    }

    [Fact]
    public async Task A_client_error_status_is_not_retried()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("{}", HttpStatusCode.BadRequest);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendTextAsync());

        Assert.Equal(1, _wecom.Count(Send));
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_a_transport_error()
    {
        _wecom.Respond = (_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy</html>") };

        await Assert.ThrowsAsync<HttpRequestException>(() => SendTextAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_sends_with_no_token_fetch_it_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SendTextAsync()));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(1, _wecom.Count(GetToken));
        Assert.Equal(50, _wecom.Count(Send));
    }

    [Fact]
    public async Task Fifty_concurrent_sends_whose_token_expired_refresh_it_exactly_once()
    {
        await SendTextAsync();
        _clock.Advance(TimeSpan.FromHours(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SendTextAsync()));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(2, _wecom.Count(GetToken));
        Assert.All(_wecom.Requests.Where(r => r.Path == Send).Skip(1), r => Assert.Equal("token-2", FakeWeComHandler.TokenOf(r.Query)));
    }

    [Fact]
    public async Task Fifty_concurrent_calls_told_their_token_was_rejected_refresh_it_exactly_once()
    {
        await SendTextAsync();
        _wecom.ExpiredToken = "token-1";
        var lineUp = new TaskCompletionSource();
        _wecom.Hold = lineUp.Task;

        var calls = Enumerable.Range(0, 50).Select(_ => SendTextAsync()).ToList();
        while (_wecom.Count(Send) < 51)
        {
            await Task.Delay(5);
        }

        _wecom.Hold = null;
        lineUp.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(2, _wecom.Count(GetToken));
        Assert.Equal(1 + 50 + 50, _wecom.Count(Send));
    }

    [Fact]
    public async Task Message_send_carries_recipients_agent_type_body_and_duplicate_check()
    {
        var message = new AppMessage(MessageContent.Markdown("**已受理**")) { Users = ["a", "b"], Parties = ["7"], DuplicateCheckInterval = TimeSpan.FromMinutes(30) };

        await _client.SendMessageAsync(message, default);

        var body = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == Send).Body);
        Assert.Equal("a|b", body.GetProperty("touser").GetString());
        Assert.Equal("7", body.GetProperty("toparty").GetString());
        Assert.Equal(1000002, body.GetProperty("agentid").GetInt64());
        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        Assert.Equal("**已受理**", body.GetProperty("markdown").GetProperty("content").GetString());
        Assert.Equal(1, body.GetProperty("enable_duplicate_check").GetInt32());
        Assert.Equal(1800, body.GetProperty("duplicate_check_interval").GetInt32());
    }

    [Fact]
    public async Task A_button_card_is_a_button_interaction_template_card()
    {
        var card = new TemplateCard("case-1", "施工许可", "请确认材料已备齐", [new TemplateCardButton("确认", "confirm"), new TemplateCardButton("稍后", "later", 2)]);

        await _client.SendMessageAsync(AppMessage.ToUsers(MessageContent.ButtonCard(card), "u1"), default);

        var body = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == Send).Body);
        var json = body.GetProperty("template_card");
        Assert.Equal("template_card", body.GetProperty("msgtype").GetString());
        Assert.Equal("button_interaction", json.GetProperty("card_type").GetString());
        Assert.Equal("case-1", json.GetProperty("task_id").GetString());
        Assert.Equal("施工许可", json.GetProperty("main_title").GetProperty("title").GetString());
        Assert.Equal(["confirm", "later"], json.GetProperty("button_list").EnumerateArray().Select(b => b.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task A_textcard_carries_title_description_and_url()
    {
        await _client.SendMessageAsync(AppMessage.ToUsers(MessageContent.TextCard("进度", "已进入审批", "https://example.invalid/p/1"), "u1"), default);

        var textcard = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == Send).Body).GetProperty("textcard");
        Assert.Equal("https://example.invalid/p/1", textcard.GetProperty("url").GetString());
        Assert.False(textcard.TryGetProperty("btntxt", out _), "without a button text WeCom's own default label is used");
    }

    [Fact]
    public async Task A_card_update_with_neither_a_new_card_nor_a_button_text_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _client.UpdateTemplateCardAsync(new TemplateCardUpdate(["u1"], "RC-1"), default));

        Assert.DoesNotContain(_wecom.Requests, r => r.Path == "/cgi-bin/message/update_template_card");
    }

    [Fact]
    public async Task A_partial_failure_names_the_refused_recipients()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("""{"errcode":0,"errmsg":"ok","invaliduser":"x|y","invalidparty":"","invalidtag":"9","unlicenseduser":"z","msgid":"m1","response_code":"rc"}""");

        var result = await SendTextAsync();

        Assert.True(result.IsSuccess);
        Assert.True(result.IsPartialFailure);
        Assert.Equal(["x", "y"], result.InvalidUsers);
        Assert.Empty(result.InvalidParties);
        Assert.Equal(["9"], result.InvalidTags);
        Assert.Equal(["z"], result.UnlicensedUsers);
        Assert.Equal("m1", result.MsgId);
        Assert.Equal("rc", result.ResponseCode);
    }

    [Fact]
    public async Task A_full_success_is_not_a_partial_failure()
    {
        Assert.False((await SendTextAsync()).IsPartialFailure);
    }

    [Fact]
    public async Task Update_template_card_sends_users_agent_response_code_and_the_button_label()
    {
        await _client.UpdateTemplateCardAsync(new TemplateCardUpdate(["u1"], "RC-1") { ReplaceButtonText = "已确认" }, default);

        var body = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == "/cgi-bin/message/update_template_card").Body);
        Assert.Equal("u1", body.GetProperty("userids")[0].GetString());
        Assert.Equal("RC-1", body.GetProperty("response_code").GetString());
        Assert.Equal(1000002, body.GetProperty("agentid").GetInt64());
        Assert.Equal("已确认", body.GetProperty("button").GetProperty("replace_name").GetString());
    }

    [Fact]
    public async Task Appchat_create_returns_the_chat_id_and_appchat_send_targets_it()
    {
        _wecom.Respond = (path, _) => FakeWeComHandler.Json(path.EndsWith("create", StringComparison.Ordinal) ? """{"errcode":0,"errmsg":"ok","chatid":"chat-9"}""" : """{"errcode":0,"errmsg":"ok"}""");

        var created = await _client.CreateAppChatAsync("协调会", "u1", ["u1", "u2"], null, default);
        var sent = await _client.SendAppChatAsync(created.ChatId, MessageContent.Text("明天 9 点开会"), default);

        Assert.Equal("chat-9", created.ChatId);
        Assert.True(sent.IsSuccess);
        var create = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == "/cgi-bin/appchat/create").Body);
        Assert.Equal(["u1", "u2"], create.GetProperty("userlist").EnumerateArray().Select(u => u.GetString()));
        var send = FakeWeComHandler.BodyOf(_wecom.Requests.Single(r => r.Path == "/cgi-bin/appchat/send").Body);
        Assert.Equal("chat-9", send.GetProperty("chatid").GetString());
        Assert.Equal("明天 9 点开会", send.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Webhook_send_uses_the_robot_key_and_no_token()
    {
        await _client.SendWebhookAsync("robot key", MessageContent.Text("提醒"), default);

        var request = Assert.Single(_wecom.Requests);
        Assert.Equal("/cgi-bin/webhook/send", request.Path);
        Assert.Equal("?key=robot%20key", request.Query);
    }

    [Fact]
    public async Task Getuserinfo_reads_the_member_id()
    {
        _wecom.Respond = (_, _) => FakeWeComHandler.Json("""{"errcode":0,"errmsg":"ok","userid":"zhang.san"}""");

        var user = await _client.GetUserInfoAsync("CODE", default);

        Assert.Equal("zhang.san", user.UserId);
        Assert.Contains("code=CODE", _wecom.Requests.Single(r => r.Path == "/cgi-bin/auth/getuserinfo").Query);
    }

    private Task<MessageSendResult> SendTextAsync() => _client.SendMessageAsync(AppMessage.ToUsers(MessageContent.Text("您好"), "zhang.san"), default);
}
