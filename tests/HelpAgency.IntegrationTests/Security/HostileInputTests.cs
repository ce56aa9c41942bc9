using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HelpAgency.IntegrationTests.Security;

/// <summary>
/// Generated hostile requests against the callback, the JSON endpoints and the console. Each is refused with a 4xx and
/// the JSON error (or, for a callback that verifies, handled as WeCom's protocol says), none answers 5xx, and no
/// refused request changes a row of the database.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BadSignature = "0000000000000000000000000000000000000000";

    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task Hostile_callbacks_are_refused_or_handled_and_refusals_store_nothing()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Limits:CallbackRefusalsPerClientPerMinute"] = "1000000";
        await using var factory = new HelpAgencyFactory(settings);
        var http = factory.CreateClient();
        var callbacks = new WeComCallbackClient(http, factory.Clock);
        var now = factory.Clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var cases = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>();
        var good = WeComCallbackClient.Codec.Crypto.Encrypt(WeComCallbackClient.Text("hostile.user", "你好", "CAIQ-h"));

        // Forged signatures.
        var random = new Random(20261205);
        foreach (var signature in Enumerable.Range(0, 50).Select(_ => Convert.ToHexStringLower(RandomBytes(random, 20)))
                     .Concat(["", "x", BadSignature[..39], BadSignature + "0", "ZZZZ" + BadSignature[4..], new string('a', 4000)]))
        {
            cases.Add(($"forged signature {signature[..Math.Min(8, signature.Length)]}", () => callbacks.PostRawAsync(WeComCallbackClient.Envelope(good), signature, now, "1")));
        }

        // Replays: a correct signature over a timestamp far from now, or not a number.
        foreach (var stamp in new[] { "1764032400", "0", "-1", "99999999999", "abc", "1795568400.5", " 1795568400", "１７９５５６８４００" })
        {
            cases.Add(($"replayed at {stamp}", () => Signed(http, WeComCallbackClient.Envelope(good), good, stamp)));
        }

        // Truncated and padded ciphertext, each signed correctly.
        var raw = Convert.FromBase64String(good);
        for (var cut = 1; cut < raw.Length; cut += Math.Max(1, raw.Length / 40))
        {
            var truncated = Convert.ToBase64String(raw[..cut]);
            cases.Add(($"truncated to {cut}", () => Signed(http, WeComCallbackClient.Envelope(truncated), truncated, now)));
        }

        foreach (var extra in new[] { 1, 15, 16, 17, 32, 48, 1024 })
        {
            var padded = Convert.ToBase64String([.. raw, .. RandomBytes(random, extra)]);
            cases.Add(($"padded by {extra}", () => Signed(http, WeComCallbackClient.Envelope(padded), padded, now)));
        }

        foreach (var pad in new byte[] { 0, 33, 64, 255 })
        {
            var plain = WeComCallbackClient.Plaintext(WeComCallbackClient.Text("pad.user", "你好", $"CAIQ-pad-{pad}"));
            plain[^1] = pad;
            var encrypt = WeComCallbackClient.EncryptRaw(plain);
            cases.Add(($"padding byte {pad}", () => Signed(http, WeComCallbackClient.Envelope(encrypt), encrypt, now)));
        }

        foreach (var length in new uint[] { 0, 1, 100_000, uint.MaxValue })
        {
            var plain = WeComCallbackClient.Plaintext(WeComCallbackClient.Text("len.user", "你好", $"CAIQ-len-{length}"));
            BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), length);
            var encrypt = WeComCallbackClient.EncryptRaw(plain);
            cases.Add(($"message length {length}", () => Signed(http, WeComCallbackClient.Envelope(encrypt), encrypt, now)));
        }

        foreach (var garbage in new[] { "", "not-base64!!", "====", "AAAA", new string('A', 43), "\u4E2D\u6587" })
        {
            cases.Add(($"ciphertext '{garbage}'", () => Signed(http, WeComCallbackClient.Envelope(garbage), garbage, now)));
        }

        // Wrong receive id.
        foreach (var receiveId in new[] { "", "ww0000000000000000", WeComCallbackClient.CorpId + "x", WeComCallbackClient.CorpId.ToUpperInvariant(), "<xml/>" })
        {
            var encrypt = WeComCallbackClient.EncryptRaw(WeComCallbackClient.Plaintext(WeComCallbackClient.Text("rid.user", "你好", "CAIQ-rid"), receiveId));
            cases.Add(($"receive id '{receiveId}'", () => Signed(http, WeComCallbackClient.Envelope(encrypt), encrypt, now)));
        }

        // DTD and XXE, in the envelope and inside a correctly encrypted message.
        const string Dtd = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
        const string Bomb = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>";
        foreach (var prolog in new[] { Dtd, Bomb, "<?xml version=\"1.0\"?>" + Dtd })
        {
            cases.Add(($"envelope with {prolog[..12]}", () => Signed(http, prolog + WeComCallbackClient.Envelope(good), good, now)));
            var inner = WeComCallbackClient.Codec.Crypto.Encrypt(prolog + WeComCallbackClient.Text("xxe.user", "&xxe;", "CAIQ-xxe"));
            cases.Add(($"message with {prolog[..12]}", () => Signed(http, WeComCallbackClient.Envelope(inner), inner, now)));
        }

        // Oversize and malformed envelopes.
        foreach (var size in new[] { 64 * 1024 + 1, 200_000, 1_000_000 })
        {
            var body = "<xml><Encrypt><![CDATA[" + new string('A', size) + "]]></Encrypt></xml>";
            cases.Add(($"{size} bytes", () => callbacks.PostRawAsync(body, BadSignature, now, "1")));
        }

        foreach (var envelope in new[] { "", "<xml>", "<xml><Encrypt/></xml>", "<xml><Encrypt></Encrypt></xml>", "{\"Encrypt\":\"x\"}", "\0\0\0", "<a><b></a>", "<xml><Encrypt><![CDATA[" + good + "]]></Encrypt><Encrypt>x</Encrypt></xml>" })
        {
            cases.Add(($"envelope '{envelope[..Math.Min(12, envelope.Length)]}'", () => Signed(http, envelope, good, now)));
        }

        // Malformed inner XML, correctly encrypted and signed.
        foreach (var inner in new[] { "", "<xml>", "<xml><MsgType>text</MsgType>", "plain text", "<xml><FromUserName>a</FromUserName></xml>", "<xml><MsgType><![CDATA[text]]></MsgType></xml>", "\uFFFD\uFFFD", "<xml><MsgType>text</MsgType><FromUserName></FromUserName><Content>x</Content><MsgId>1</MsgId></xml>" })
        {
            var encrypt = WeComCallbackClient.Codec.Crypto.Encrypt(inner);
            cases.Add(($"inner '{inner[..Math.Min(12, inner.Length)]}'", () => Signed(http, WeComCallbackClient.Envelope(encrypt), encrypt, now)));
        }

        // Query tricks.
        foreach (var query in new[] { "", "?msg_signature=", "?timestamp=1&nonce=1", "?msg_signature=a&msg_signature=b&timestamp=1&nonce=1", "?msg_signature=%00&timestamp=%00&nonce=%00" })
        {
            cases.Add(($"query '{query}'", () => http.PostAsync(WeComCallbackClient.Path + query, new StringContent(WeComCallbackClient.Envelope(good)))));
        }

        // URL verification with forged signatures or broken echo strings.
        foreach (var echo in new[] { "", "x", good[..20], good + "A", "%00", new string('A', 5000) })
        {
            cases.Add(($"verify echo '{echo[..Math.Min(8, echo.Length)]}' forged", () => http.GetAsync($"{WeComCallbackClient.Path}?msg_signature={BadSignature}&timestamp={now}&nonce=1&echostr={Uri.EscapeDataString(echo)}")));
            cases.Add(($"verify echo '{echo[..Math.Min(8, echo.Length)]}' signed", () => http.GetAsync($"{WeComCallbackClient.Path}?msg_signature={WeComCallbackClient.Codec.Crypto.Sign(now, "1", echo)}&timestamp={now}&nonce=1&echostr={Uri.EscapeDataString(echo)}")));
        }

        var refused = await RunAsync(factory, cases, expectRefusal: true);

        // Verified callbacks the bot cannot use, and ids WeCom never issues: answered as the protocol says (200), no turn.
        var handled = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>();
        foreach (var type in new[] { "image", "voice", "video", "file", "location", "link", "miniprogram", "unknown_type" })
        {
            handled.Add(($"message type {type}", () => callbacks.PostAsync(WeComCallbackClient.Other("types.user", type, $"m-{type}"))));
        }

        foreach (var name in new[] { "subscribe", "unsubscribe", "LOCATION", "view", "scancode_push", "batch_job_result", "change_contact", "no_such_event" })
        {
            handled.Add(($"event {name}", () => callbacks.PostAsync(WeComCallbackClient.Event("events.user", name, "k", createTime: 1795568401))));
        }

        var before = await FingerprintAsync(factory);
        // (Surrounding whitespace is XML layout and trimmed by the parser, so it is no way to name another user.)
        foreach (var user in new[] { "../../etc", new string('a', 300), "a b", "a\nb", "\u202Eadmin", "用户", "-lead", ".dot", "a/b", "a%00b", "a'--" })
        {
            handled.Add(($"from '{user}'", () => callbacks.PostAsync(WeComCallbackClient.Text(user, "你好", $"CAIQ-u-{user.Length}-{user.GetHashCode()}"))));
        }

        var handledCount = await RunAsync(factory, handled, expectRefusal: false);
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            Assert.Empty(await connection.QueryAsync<string>("SELECT id FROM users WHERE id NOT IN ('types.user', 'events.user')"));
        }

        output.WriteLine($"callback: {refused} refused, {handledCount} handled by the protocol");
        Assert.True(refused + handledCount >= 180, $"only {refused + handledCount} callback cases");
        _ = before;
    }

    [Fact]
    public async Task Hostile_JSON_bodies_and_paths_are_refused_with_the_JSON_error_and_store_nothing()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var http = factory.CreateClient();
        var cases = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>();
        var users = new object?[] { null, 123, 1.5, true, new[] { "a" }, new { id = "a" }, "", " ", "../../etc/passwd", "a/b", "a\\b", "demo-supervisor\n", "demo-supervisor\r", "\u0000", "a\u0000b", "\u202Edemo", "用户甲", "a b", "-a", "_a", ".a", new string('a', 65), new string('a', 100_000), "\ud800", "%2e%2e", "a;DROP TABLE users" };
        foreach (var user in users)
        {
            cases.Add(($"chat as {Describe(user)}", () => PostJsonAsync(http, "/api/chat", new Dictionary<string, object?> { ["user"] = user, ["text"] = "你好" })));
            if (user is null)
            {
                continue; // recognition without a user is the endpoint's ordinary use
            }

            // A NUL in a path never reaches the host: the HTTP server (and the test server) refuse the request line first.
            if (user is string id && id.Length < 1000 && !id.Contains('\0', StringComparison.Ordinal))
            {
                cases.Add(($"inbox of {Describe(user)}", () => http.GetAsync("/api/inbox/" + Uri.EscapeDataString(id))));
                cases.Add(($"event as {Describe(user)}", () => PostJsonAsync(http, "/api/chat", new Dictionary<string, object?> { ["user"] = user, ["event"] = "enter_agent" })));
            }

            cases.Add(($"parse for {Describe(user)}", () => PostJsonAsync(http, "/api/nlu/parse", new Dictionary<string, object?> { ["user"] = user, ["text"] = "进度" })));
        }

        var texts = new object?[] { null, 1, false, new[] { 1 }, new { a = 1 }, "", "   ", "\t\n", new string('字', 2001), new string('a', 70_000) };
        foreach (var text in texts)
        {
            cases.Add(($"chat text {Describe(text)}", () => PostJsonAsync(http, "/api/chat", new Dictionary<string, object?> { ["user"] = "valid.user", ["text"] = text })));
            cases.Add(($"parse text {Describe(text)}", () => PostJsonAsync(http, "/api/nlu/parse", new Dictionary<string, object?> { ["text"] = text })));
        }

        foreach (var (name, value) in new (string, object?)[] { ("event", "subscribe"), ("event", 1), ("event", ""), ("event", "click\n"), ("key", 1), ("taskId", new[] { 1 }) })
        {
            cases.Add(($"chat {name}={Describe(value)}", () => PostJsonAsync(http, "/api/chat", new Dictionary<string, object?> { ["user"] = "valid.user", [name] = value, ["text"] = name == "event" ? "x" : null })));
        }

        var bodies = new[] { "", " ", "null", "[]", "\"text\"", "1", "{", "{\"user\":", "{\"user\":\"a\",\"text\":\"b\"", "{\"user\":\"a\" \"text\":\"b\"}", "\u00ef\u00bb\u00bf{}", "{\"user\":\"a\",\"text\":\"\\ud800\"}x", "<xml/>", new string('[', 10_000), "{\"user\":\"valid.user\",\"text\":\"a\",\"text\":1}" };
        foreach (var body in bodies)
        {
            foreach (var path in new[] { "/api/chat", "/api/nlu/parse" })
            {
                cases.Add(($"{path} body '{body[..Math.Min(10, body.Length)]}'", () => http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"))));
            }
        }

        foreach (var path in new[] { "/api/inbox/..%2F..%2Fetc", "/api/inbox/a%20b", "/api/inbox/demo-contact%0A", "/api/inbox/" + new string('a', 65), "/api/inbox/%E2%80%AEx", "/api/inbox/demo-contact?after=-1", "/api/inbox/demo-contact?after=abc", "/api/inbox/demo-contact?after=9223372036854775808", "/api/inbox/demo-contact?limit=0", "/api/inbox/demo-contact?limit=501", "/api/inbox/demo-contact?limit=1e3", "/api/inbox/demo-contact?after=1&after=2", "/api/chat/../admin/cases", "/api/admin/../../etc/passwd", "/api/chat%2F..%2Fadmin", "/%2e%2e/%2e%2e/etc/passwd", "/api/nlu/parse/x", "/api/chat?user=demo-supervisor" })
        {
            cases.Add(($"GET {path}", () => http.GetAsync(path)));
        }

        var refused = await RunAsync(factory, cases, expectRefusal: true);
        output.WriteLine($"JSON: {refused} refused");
        Assert.True(refused >= 150, $"only {refused} JSON cases");
    }

    [Fact]
    public async Task Hostile_console_requests_are_refused_with_the_JSON_error_and_store_nothing()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var supervisor = await StaffClient.SignInAsync(factory, "demo-supervisor");
        using var other = await StaffClient.SignInAsync(factory, "demo-assistant-2");
        using var contact = await StaffClient.WithSessionAsync(factory, "demo-contact", "contact");
        using var noToken = await StaffClient.SignInAsync(factory, "demo-assistant");
        noToken.DefaultRequestHeaders.Remove(StaffClient.CsrfHeader);
        using var wrongToken = await StaffClient.SignInAsync(factory, "demo-assistant");
        wrongToken.DefaultRequestHeaders.Remove(StaffClient.CsrfHeader);
        wrongToken.DefaultRequestHeaders.Add(StaffClient.CsrfHeader, other.DefaultRequestHeaders.GetValues(StaffClient.CsrfHeader).Single());

        var list = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/cases?pageSize=200");
        var foreign = list.GetProperty("items").EnumerateArray().Where(c => c.GetProperty("assistant").GetProperty("id").GetString() != "demo-assistant-2").Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.NotEmpty(foreign);

        var actions = new (string Path, object Body)[]
        {
            ("items/construction_permit", new { status = "approved" }),
            ("records", new { text = "越权记录" }),
            ("issues", new { title = "越权问题", leadDepartment = "住建局" }),
            ("meetings", new { topic = "越权会议", startsAt = "2026-12-01T09:30:00+08:00", place = "某地", participants = new[] { "x" } }),
            ("reassign", new { assistantId = "demo-assistant-2" }),
            ("archive", new { }),
            ("terminate", new { reason = "越权终止" }),
        };

        var cases = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>();
        foreach (var id in foreign)
        {
            cases.Add(($"another assistant reads case {id}", () => other.GetAsync($"/api/admin/cases/{id}")));
            cases.Add(($"another assistant exports case {id}", () => other.GetAsync($"/api/admin/cases/{id}/ledger?format=csv")));
            foreach (var (path, body) in actions)
            {
                cases.Add(($"another assistant {path} on {id}", () => other.PostAsJsonAsync($"/api/admin/cases/{id}/{path}", body)));
                cases.Add(($"contact {path} on {id}", () => contact.PostAsJsonAsync($"/api/admin/cases/{id}/{path}", body)));
                cases.Add(($"no token {path} on {id}", () => noToken.PostAsJsonAsync($"/api/admin/cases/{id}/{path}", body)));
                cases.Add(($"another's token {path} on {id}", () => wrongToken.PostAsJsonAsync($"/api/admin/cases/{id}/{path}", body)));
            }
        }

        using var anonymous = StaffClient.Anonymous(factory);
        var all = list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();
        foreach (var id in all)
        {
            foreach (var reader in new[] { ("contact", contact), ("anonymous", anonymous) })
            {
                cases.Add(($"{reader.Item1} reads case {id}", () => reader.Item2.GetAsync($"/api/admin/cases/{id}")));
                cases.Add(($"{reader.Item1} exports case {id} as csv", () => reader.Item2.GetAsync($"/api/admin/cases/{id}/ledger?format=csv")));
                cases.Add(($"{reader.Item1} exports case {id} as xlsx", () => reader.Item2.GetAsync($"/api/admin/cases/{id}/ledger")));
            }

            foreach (var (path, body) in actions)
            {
                cases.Add(($"anonymous {path} on {id}", () => anonymous.PostAsJsonAsync($"/api/admin/cases/{id}/{path}", body)));
            }
        }

        foreach (var reader in new[] { ("contact", contact), ("anonymous", anonymous) })
        {
            foreach (var path in new[] { "/api/admin/ledger?from=2026-01-01&to=2026-12-31", "/api/admin/overview", "/api/admin/projects", "/api/admin/cases", "/api/admin/staff", "/api/admin/outbox?status=dead", "/api/admin/outbox/summary" })
            {
                cases.Add(($"{reader.Item1} GET {path}", () => reader.Item2.GetAsync(path)));
            }
        }

        foreach (var id in new[] { "0", "-1", "999999", "9223372036854775807", "99999999999999999999", "1.5", "abc", "1%20OR%201=1" })
        {
            cases.Add(($"case {id}", () => supervisor.GetAsync($"/api/admin/cases/{id}")));
            cases.Add(($"records on case {id}", () => supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/records", new { text = "记录" })));
        }

        var first = foreign[0];
        foreach (var (path, body) in new (string, string)[]
        {
            ("items/construction_permit", "{\"status\":\"nonsense\"}"), ("items/construction_permit", "{\"status\":1}"), ("items/no_such_item", "{\"status\":\"approved\"}"),
            ("items/..%2F..%2Fx", "{\"status\":\"approved\"}"), ("records", "{\"text\":\"\"}"), ("records", "{\"text\":1}"), ("records", "{\"text\":\"" + new string('长', 5000) + "\"}"),
            ("issues", "{}"), ("issues", "{\"title\":[],\"leadDepartment\":{}}"), ("meetings", "{}"), ("meetings", "{\"topic\":\"t\",\"startsAt\":\"not a date\"}"),
            ("meetings", "{\"topic\":\"t\",\"startsAt\":\"0001-01-01T00:00:00Z\",\"place\":\"p\",\"participants\":[]}"), ("reassign", "{\"assistantId\":\"demo-contact\"}"),
            ("reassign", "{\"assistantId\":\"nobody\"}"), ("reassign", "{\"assistantId\":\"\"}"), ("terminate", "{\"reason\":\"\"}"), ("terminate", "null"), ("records", "[]"), ("records", "{"),
        })
        {
            cases.Add(($"supervisor {path} {body[..Math.Min(20, body.Length)]}", () => supervisor.PostAsync($"/api/admin/cases/{first}/{path}", new StringContent(body, Encoding.UTF8, "application/json"))));
        }

        foreach (var query in new[] { "", "from=2026-11-01", "from=2026-13-01&to=2026-12-01", "from=abc&to=def", "from=2026-11-01&to=2026-11-01&format=pdf", "from=2026-11-01&to=2026-11-01&format=", "from=2026-11-1&to=2026-11-30", "from=2026/11/01&to=2026/11/30", "from=0001-01-01&to=2026-11-30", "from=2026-11-01&to=9999-12-31", "from=0001-01-01&to=9999-12-31", "from=2026-12-01&to=2026-11-01" })
        {
            cases.Add(($"period ledger {query}", () => other.GetAsync($"/api/admin/ledger?{query}")));
        }

        foreach (var query in new[] { "page=0", "page=-1", "pageSize=0", "pageSize=100000", "page=abc", "page=99999999999", "pageSize=1e2", "page=%201" })
        {
            cases.Add(($"cases ?{query}", () => supervisor.GetAsync($"/api/admin/cases?{query}")));
            cases.Add(($"projects ?{query}", () => supervisor.GetAsync($"/api/admin/projects?{query}")));
        }

        foreach (var query in new[] { "status=nonsense", "status=open,nonsense", "overdue=maybe", "key=2", "overdue=yes" })
        {
            cases.Add(($"cases ?{query}", () => supervisor.GetAsync($"/api/admin/cases?{query}")));
        }

        foreach (var query in new[] { "status=nonsense", "limit=0", "limit=501", "limit=abc" })
        {
            cases.Add(($"outbox ?{query}", () => supervisor.GetAsync($"/api/admin/outbox?{query}")));
            cases.Add(($"outbox as assistant ?{query}", () => other.GetAsync($"/api/admin/outbox?{query}")));
        }

        foreach (var id in new[] { "1", "999999", "-5" })
        {
            cases.Add(($"retry {id} as assistant", () => other.PostAsync($"/api/admin/outbox/{id}/retry", null)));
            cases.Add(($"retry {id} without token", () => noToken.PostAsync($"/api/admin/outbox/{id}/retry", null)));
            cases.Add(($"retry {id}", () => supervisor.PostAsync($"/api/admin/outbox/{id}/retry", null)));
        }

        var refused = await RunAsync(factory, cases, expectRefusal: true, ignoredTables: ["access_log"]);
        output.WriteLine($"console: {refused} refused");
        Assert.True(refused >= 180, $"only {refused} console cases");
    }

    /// <summary>Sends each case and checks its answer; for refusals, that the database is exactly as before. Returns the count.</summary>
    private static async Task<int> RunAsync(HelpAgencyFactory factory, List<(string Name, Func<Task<HttpResponseMessage>> Send)> cases, bool expectRefusal, string[]? ignoredTables = null)
    {
        foreach (var (name, send) in cases)
        {
            var before = expectRefusal ? await FingerprintAsync(factory, ignoredTables) : "";
            var response = await send();
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var what = $"{name}: {status} {(body.Length > 160 ? body[..160] : body)}";
            Assert.True(status < 500, what);
            if (expectRefusal)
            {
                Assert.True(status is >= 400 and < 500, what);
                Assert.Equal(before, await FingerprintAsync(factory, ignoredTables));
            }
            else
            {
                Assert.True(status == 200, what);
            }

            if (status >= 400)
            {
                using var json = JsonDocument.Parse(body);
                Assert.True(json.RootElement.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 }, what);
            }
        }

        return cases.Count;
    }

    /// <summary>A digest of every row of every table: any insert, update or delete shows.</summary>
    private static async Task<string> FingerprintAsync(HelpAgencyFactory factory, string[]? ignoredTables = null)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
            .Where(t => ignoredTables?.Contains(t) != true);
        var parts = new List<string>();
        foreach (var table in tables)
        {
            var rows = await connection.QueryAsync($"SELECT * FROM \"{table}\"");
            var text = string.Join("\n", rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values)).Order(StringComparer.Ordinal));
            parts.Add($"{table}={Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))}");
        }

        return string.Join(";", parts);
    }


    private static Task<HttpResponseMessage> Signed(HttpClient http, string body, string encrypt, string timestamp) =>
        new WeComCallbackClient(http).PostRawAsync(body, WeComCallbackClient.Codec.Crypto.Sign(timestamp, "n", encrypt), timestamp, "n");

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, Dictionary<string, object?> body) =>
        http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body.Where(p => p.Value is not null || p.Key is "user" or "text").ToDictionary()), Encoding.UTF8, "application/json"));

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 12 ? $"string({s.Length})" : $"'{s}'",
        _ => value.GetType().Name,
    };

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
