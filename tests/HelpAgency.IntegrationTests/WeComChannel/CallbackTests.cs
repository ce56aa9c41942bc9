using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpAgency.IntegrationTests.WeComChannel;

public sealed class CallbackTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;
    private WeComCallbackClient _callbacks = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        _factory = new HelpAgencyFactory(WeComCallbackClient.Settings(_wecom.BaseUrl));
        _callbacks = new WeComCallbackClient(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task Url_verification_answers_the_decrypted_echostr_as_plain_text()
    {
        var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt("echo-1764032400");
        var signature = WeComCallbackClient.Codec.Crypto.Sign("1764032400", "77", encrypt);

        var response = await _factory.CreateClient().GetAsync($"/wecom/callback?msg_signature={signature}&timestamp=1764032400&nonce=77&echostr={Uri.EscapeDataString(encrypt)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("echo-1764032400", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData(null)]
    public async Task Url_verification_with_a_bad_or_missing_signature_is_400(string? signature)
    {
        var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt("echo");
        var query = $"timestamp=1&nonce=2&echostr={Uri.EscapeDataString(encrypt)}" + (signature is null ? "" : $"&msg_signature={signature}");

        var response = await _factory.CreateClient().GetAsync($"/wecom/callback?{query}");

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_greeting_gets_an_encrypted_signed_passive_reply_with_the_bot_greeting()
    {
        var response = await _callbacks.PostAsync(WeComCallbackClient.Text("zhang.san", "你好", "CAIQ-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await WeComCallbackClient.OpenReplyAsync(response);
        Assert.NotNull(reply);
        Assert.Equal("zhang.san", reply.Element("ToUserName")!.Value);
        Assert.Equal(WeComCallbackClient.CorpId, reply.Element("FromUserName")!.Value);
        Assert.Equal("text", reply.Element("MsgType")!.Value);
        Assert.Contains("办什么", reply.Element("Content")!.Value);
        Assert.Equal(1L, await ScalarAsync("SELECT version FROM conversations WHERE user_id = 'zhang.san'"));
        Assert.Equal("replied", await ScalarAsync("SELECT status FROM wecom_callbacks WHERE key = 'msg:CAIQ-1'"));
    }

    [Fact]
    public async Task A_staff_member_on_WeCom_and_on_the_enabled_local_channel_shares_one_conversation()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        settings["LocalChannel:Enabled"] = "true";
        await using var factory = new HelpAgencyFactory(settings);
        var callbacks = new WeComCallbackClient(factory.CreateClient());
        using var session = await StaffSignIn.StaffClient.WithSessionAsync(factory, "demo-assistant", "assistant");

        (await callbacks.PostAsync(WeComCallbackClient.Text("demo-assistant", "你好", "CAIQ-2"))).EnsureSuccessStatusCode();
        (await session.PostAsJsonAsync("/api/chat", new { text = "你好" })).EnsureSuccessStatusCode();

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT version FROM conversations WHERE user_id = 'demo-assistant'"));
    }

    [Fact]
    public async Task Opening_the_app_greets()
    {
        var reply = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(WeComCallbackClient.Event("wang", "enter_agent")));

        Assert.Contains("您好", reply!.Element("Content")!.Value);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("voice")]
    [InlineData("file")]
    [InlineData("location")]
    public async Task Messages_the_bot_cannot_read_get_a_polite_Chinese_answer(string type)
    {
        var response = await _callbacks.PostAsync(WeComCallbackClient.Other("zhao", type, "m-" + type));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("文字", (await WeComCallbackClient.OpenReplyAsync(response))!.Element("Content")!.Value);
    }

    [Fact]
    public async Task An_event_the_bot_does_not_act_on_is_taken_without_a_turn()
    {
        var response = await _callbacks.PostAsync(WeComCallbackClient.Event("zhao", "LOCATION", extra: "<Latitude>30.5</Latitude>"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM users"));
    }

    [Fact]
    public async Task A_card_click_reaches_the_bot_with_key_task_id_and_response_code()
    {
        var seen = new List<Activity>();
        await using var factory = new HelpAgencyFactory(WeComCallbackClient.Settings(_wecom.BaseUrl), services => services.Replace(ServiceDescriptor.Singleton<IBot>(new RecordingBot(seen))));
        var callbacks = new WeComCallbackClient(factory.CreateClient());

        await callbacks.PostAsync(WeComCallbackClient.Event("qian", "template_card_event", "confirm", extra: "<TaskId><![CDATA[case-7]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[RC-9]]></ResponseCode>"));
        await callbacks.PostAsync(WeComCallbackClient.Event("qian", "click", "menu_progress", createTime: 1764032401));

        Assert.Equal(2, seen.Count);
        Assert.Equal(("template_card_event", "confirm", "case-7", "RC-9"), (seen[0].EventName, seen[0].EventKey, seen[0].TaskId, seen[0].ResponseCode));
        Assert.Equal(("click", "menu_progress"), (seen[1].EventName, seen[1].EventKey));
        Assert.All(seen, a => Assert.Equal(("wecom", "qian"), (a.Channel, a.UserId)));
    }

    [Fact]
    public async Task The_same_MsgId_delivered_twice_runs_one_turn_and_gets_the_same_reply()
    {
        var message = WeComCallbackClient.Text("sun", "你好", "CAIQ-dup");

        var first = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(message));
        var second = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(message));

        Assert.Equal(first!.Element("Content")!.Value, second!.Element("Content")!.Value);
        Assert.Equal(1L, await ScalarAsync("SELECT version FROM conversations WHERE user_id = 'sun'"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks"));
    }

    [Fact]
    public async Task A_redelivery_to_a_restarted_host_on_the_same_database_runs_no_second_turn()
    {
        var message = WeComCallbackClient.Text("zheng", "你好", "CAIQ-restart-dup");
        var first = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(message));
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Storage:ConnectionString"] = $"Data Source={_factory.DatabasePath}";
        await using var restarted = new HelpAgencyFactory(settings);

        var again = await WeComCallbackClient.OpenReplyAsync(await new WeComCallbackClient(restarted.CreateClient()).PostAsync(message));

        Assert.Equal(first!.Element("Content")!.Value, again!.Element("Content")!.Value);
        Assert.Equal(1L, await ScalarAsync("SELECT version FROM conversations WHERE user_id = 'zheng'"));
    }

    [Fact]
    public async Task Eight_concurrent_copies_of_one_message_run_one_turn_and_all_get_the_same_reply()
    {
        var message = WeComCallbackClient.Text("zhou", "你好", "CAIQ-race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _callbacks.PostAsync(message)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var contents = new List<string>();
        foreach (var response in responses)
        {
            contents.Add((await WeComCallbackClient.OpenReplyAsync(response))!.Element("Content")!.Value);
        }

        Assert.Single(contents.Distinct());
        Assert.Equal(1L, await ScalarAsync("SELECT version FROM conversations WHERE user_id = 'zhou'"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks"));
    }

    [Fact]
    public async Task An_event_delivered_twice_is_handled_once_but_distinct_events_of_one_second_are_both_handled()
    {
        var click = WeComCallbackClient.Event("wu", "click", "menu_a");

        await Task.WhenAll(_callbacks.PostAsync(click), _callbacks.PostAsync(click));
        (await _callbacks.PostAsync(WeComCallbackClient.Event("wu", "click", "menu_b"))).EnsureSuccessStatusCode();

        Assert.Equal(2L, await ScalarAsync("SELECT version FROM conversations WHERE user_id = 'wu'"));
        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks WHERE key LIKE 'evt:%'"));
    }

    public static TheoryData<string, string> BadCallbacks() => new()
    {
        { "forged signature", "forged" },
        { "missing signature", "unsigned" },
        { "another corp's receive id", "receive-id" },
        { "Encrypt that is not base64", "base64" },
        { "ciphertext of a wrong length", "length" },
        { "bad padding", "padding" },
        { "length field past the buffer", "buffer" },
        { "inner text that is not XML", "inner-not-xml" },
        { "inner XML with a DOCTYPE and entity", "inner-doctype" },
        { "body that is not XML", "body-not-xml" },
        { "envelope with a DOCTYPE", "body-doctype" },
        { "plaintext message without Encrypt", "no-encrypt" },
        { "empty body", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadCallbacks))]
    public async Task A_bad_callback_is_refused_with_400_and_nothing_is_stored(string because, string kind)
    {
        var (timestamp, nonce) = _callbacks.NextStamp();
        var crypto = WeComCallbackClient.Codec.Crypto;
        var good = crypto.Encrypt(WeComCallbackClient.Text("bad", "你好", "m-bad"));
        var response = kind switch
        {
            "forged" => await _callbacks.PostRawAsync(WeComCallbackClient.Envelope(good), new string('a', 40), timestamp, nonce),
            "unsigned" => await _callbacks.PostRawAsync(WeComCallbackClient.Envelope(good), null, timestamp, nonce),
            "receive-id" => await _callbacks.PostEncryptedAsync(WeComCallbackClient.EncryptRaw(WeComCallbackClient.Plaintext(WeComCallbackClient.Text("bad", "hi", "m1"), "ww-other-corp"))),
            "base64" => await _callbacks.PostEncryptedAsync("not*base64"),
            "length" => await _callbacks.PostEncryptedAsync(Convert.ToBase64String(new byte[48])),
            "padding" => await _callbacks.PostEncryptedAsync(WeComCallbackClient.EncryptRaw(Corrupt(WeComCallbackClient.Plaintext("<xml/>"), p => p[^1] = 0))),
            "buffer" => await _callbacks.PostEncryptedAsync(WeComCallbackClient.EncryptRaw(Corrupt(WeComCallbackClient.Plaintext("<xml/>"), p => p[19] = 200))),
            "inner-not-xml" => await _callbacks.PostAsync("hello, not xml"),
            "inner-doctype" => await _callbacks.PostAsync("<!DOCTYPE xml [<!ENTITY u \"bad\">]><xml><FromUserName>&u;</FromUserName><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>"),
            "body-not-xml" => await _callbacks.PostRawAsync("{\"Encrypt\":\"x\"}", crypto.Sign(timestamp, nonce, "x"), timestamp, nonce),
            "body-doctype" => await _callbacks.PostRawAsync("<!DOCTYPE xml [<!ENTITY e \"" + good + "\">]><xml><Encrypt>&e;</Encrypt></xml>", crypto.Sign(timestamp, nonce, good), timestamp, nonce),
            "no-encrypt" => await _callbacks.PostRawAsync(WeComCallbackClient.Text("bad", "你好", "m-plain"), crypto.Sign(timestamp, nonce, ""), timestamp, nonce),
            "empty" => await _callbacks.PostRawAsync("", crypto.Sign(timestamp, nonce, ""), timestamp, nonce),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), because),
        };

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413_and_nothing_is_stored()
    {
        var (timestamp, nonce) = _callbacks.NextStamp();
        var body = WeComCallbackClient.Envelope(new string('A', 70_000));

        var response = await _callbacks.PostRawAsync(body, new string('a', 40), timestamp, nonce);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Random_and_mutated_callbacks_only_ever_get_2xx_or_4xx()
    {
        var random = new Random(7);
        var (timestamp, nonce) = _callbacks.NextStamp();
        var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt(WeComCallbackClient.Text("fuzz", "你好", "m-fuzz"));
        var valid = Encoding.UTF8.GetBytes(WeComCallbackClient.Envelope(encrypt));
        for (var i = 0; i < 120; i++)
        {
            var body = (byte[])valid.Clone();
            if (i % 3 == 0)
            {
                body = new byte[random.Next(0, 400)];
                random.NextBytes(body);
            }
            else
            {
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                }
            }

            var signature = i % 5 == 0 ? new string('0', 40) : WeComCallbackClient.Codec.Crypto.Sign(timestamp, nonce, encrypt);
            var content = new ByteArrayContent(body);
            var response = await _factory.CreateClient().PostAsync($"/wecom/callback?msg_signature={signature}&timestamp={timestamp}&nonce={nonce}", content);

            Assert.InRange((int)response.StatusCode, 200, 499);
        }
    }

    [Fact]
    public async Task Without_the_WeCom_section_the_callback_path_does_not_exist()
    {
        await using var factory = new HelpAgencyFactory();

        var response = await factory.CreateClient().GetAsync("/wecom/callback?msg_signature=a&timestamp=1&nonce=2&echostr=x");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_partly_configured_WeCom_section_stops_the_start_naming_the_missing_keys()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["WeCom:Secret"] = "";
        settings["WeCom:AgentId"] = "0";
        await using var factory = new HelpAgencyFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("WeCom:Secret", error.ToString());
        Assert.Contains("WeCom:AgentId", error.ToString());
    }

    [Fact]
    public async Task A_timestamp_too_far_from_now_is_refused_when_the_skew_check_is_on()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["WeCom:MaxTimestampSkewSeconds"] = "300";
        await using var factory = new HelpAgencyFactory(settings);
        var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt(WeComCallbackClient.Text("old", "你好", "m-old"));
        var callbacks = new WeComCallbackClient(factory.CreateClient());
        var now = factory.Clock.GetUtcNow().ToUnixTimeSeconds();

        var stale = await callbacks.PostRawAsync(WeComCallbackClient.Envelope(encrypt), WeComCallbackClient.Codec.Crypto.Sign($"{now - 301}", "1", encrypt), $"{now - 301}", "1");
        var fresh = await callbacks.PostRawAsync(WeComCallbackClient.Envelope(encrypt), WeComCallbackClient.Codec.Crypto.Sign($"{now - 299}", "1", encrypt), $"{now - 299}", "1");

        await AssertRefusedAsync(stale, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    private static byte[] Corrupt(byte[] plain, Action<byte[]> change)
    {
        change(plain);
        return plain;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain("Exception", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("400", error, StringComparison.Ordinal);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM users"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM conversations"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM wecom_callbacks"));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        return await connection.ExecuteScalarAsync(sql);
    }

    private sealed class RecordingBot(List<Activity> seen) : IBot
    {
        public Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(turn.Activity);
            }

            turn.Reply(Reply.Plain("收到"));
            return Task.CompletedTask;
        }
    }
}
