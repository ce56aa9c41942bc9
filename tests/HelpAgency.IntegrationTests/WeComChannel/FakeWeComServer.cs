using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>
/// WeCom's API on loopback (Kestrel): hands out tokens, records every call, and answers with faults
/// the test queues up (an HTTP status, an errcode, a delay or a hang; for any call or one member's) before
/// answering normally again, keeping what was actually delivered apart from what was tried.
/// </summary>
public sealed class FakeWeComServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _tokens;

    private FakeWeComServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<(string Path, string Query, JsonElement? Body)> Calls { get; } = new();

    /// <summary>Faults for the next calls of message/send: an HTTP status (100..599) or else an errcode.</summary>
    public ConcurrentQueue<int> SendFaults { get; } = new();

    /// <summary>Faults for the next calls of message/send to one member (its touser), one a call, before it answers normally.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<SendFault>> SendFaultsTo { get; } = new();

    /// <summary>Decides a fault for each call of message/send that no queued fault answered; null answers normally.</summary>
    public Func<JsonElement, SendFault?>? SendFaultRule { get; set; }

    /// <summary>Every call of message/send, whatever its answer.</summary>
    public IReadOnlyList<JsonElement> Sent => [.. Calls.Where(c => c.Path == "/cgi-bin/message/send").Select(c => c.Body!.Value)];

    /// <summary>The calls of message/send answered with success to a caller still waiting: what members received.</summary>
    public ConcurrentQueue<JsonElement> Delivered { get; } = new();

    /// <summary>Sends WeCom answered as delivered but dropped, as its duplicate check does: the same body to the same member within the interval asked for.</summary>
    public ConcurrentQueue<JsonElement> Suppressed { get; } = new();

    /// <summary>OAuth codes auth/getuserinfo knows: code → member user id, or null for a non-member (answered with an openid).</summary>
    public ConcurrentDictionary<string, string?> SignInCodes { get; } = new();

    public int Count(string path) => Calls.Count(c => c.Path == path);

    /// <summary>Queues faults for the next calls of message/send to <paramref name="touser"/>.</summary>
    public void FailNextSendsTo(string touser, params SendFault[] faults)
    {
        var queue = SendFaultsTo.GetOrAdd(touser, _ => new ConcurrentQueue<SendFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>The group chats created through appchat/create, by chat id, with their members.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> Chats { get; } = new();

    /// <summary>What appchat/send posted, in order.</summary>
    public IReadOnlyList<JsonElement> ChatMessages => [.. Calls.Where(c => c.Path == "/cgi-bin/appchat/send").Select(c => c.Body!.Value)];

    /// <summary>Faults for the next calls of appchat/send, one a call; only <see cref="SendFault.ArrivesFirst"/> ones are modelled.</summary>
    public ConcurrentQueue<SendFault> ChatSendFaults { get; } = new();

    /// <summary>The appchat/send posts that reached a group: WeCom has no duplicate check there, so every copy shows.</summary>
    public ConcurrentQueue<JsonElement> ChatDelivered { get; } = new();

    public static async Task<FakeWeComServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeWeComServer(app);
        app.MapGet("/cgi-bin/gettoken", (HttpContext context) =>
        {
            server.Record(context, null);
            var n = Interlocked.Increment(ref server._tokens);
            return Results.Json(new { errcode = 0, errmsg = "ok", access_token = $"token-{n}", expires_in = 7200 });
        });
        app.MapPost("/cgi-bin/message/send", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            server.Record(context, body);
            if (server.SendFaults.TryDequeue(out var fault))
            {
                return fault is >= 100 and < 600 ? Results.StatusCode(fault) : Results.Json(new { errcode = fault, errmsg = "injected" });
            }

            return await server.AnswerSendAsync(context, body);
        });
        app.MapGet("/cgi-bin/auth/getuserinfo", (HttpContext context) =>
        {
            server.Record(context, null);
            var code = context.Request.Query["code"].ToString();
            if (!server.SignInCodes.TryRemove(code, out var userId))
            {
                return Results.Json(new { errcode = 40029, errmsg = "invalid code" });
            }

            return userId is null
                ? Results.Json(new { errcode = 0, errmsg = "ok", openid = "o-" + code, external_userid = "" })
                : Results.Json(new { errcode = 0, errmsg = "ok", userid = userId, user_ticket = "ticket" });
        });
        app.MapPost("/cgi-bin/message/update_template_card", async (HttpContext context) =>
        {
            server.Record(context, await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        app.MapPost("/cgi-bin/appchat/create", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            server.Record(context, body);
            var members = body.GetProperty("userlist").EnumerateArray().Select(m => m.GetString()!).ToList();
            var chatId = body.TryGetProperty("chatid", out var id) ? id.GetString()! : Guid.NewGuid().ToString("N");
            if (members.Count < 2)
            {
                return Results.Json(new { errcode = 86216, errmsg = "invalid chat member" });
            }

            // Like WeCom: a chat id is taken once; a second create with it is refused.
            return server.Chats.TryAdd(chatId, members)
                ? Results.Json(new { errcode = 0, errmsg = "ok", chatid = chatId })
                : Results.Json(new { errcode = 86215, errmsg = "chatid exists" });
        });
        app.MapPost("/cgi-bin/appchat/send", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            server.Record(context, body);
            if (!server.Chats.ContainsKey(body.GetProperty("chatid").GetString()!))
            {
                return Results.Json(new { errcode = 86003, errmsg = "chat not found" });
            }

            server.ChatDelivered.Enqueue(body);
            if (server.ChatSendFaults.TryDequeue(out var fault) && fault.ArrivesFirst)
            {
                var wait = fault.Delay == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : fault.Delay;
                await Task.Delay(wait, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            }

            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, at most ten seconds.</summary>
    public async Task WaitUntilAsync(Func<FakeWeComServer, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The fake WeCom server did not see the expected calls.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> AnswerSendAsync(HttpContext context, JsonElement body)
    {
        var touser = body.TryGetProperty("touser", out var t) ? t.GetString() ?? "" : "";
        var fault = SendFaultsTo.TryGetValue(touser, out var queue) && queue.TryDequeue(out var queued) ? queued : SendFaultRule?.Invoke(body);
        if (fault is { ArrivesFirst: true })
        {
            // The message reaches the member at once; the answer comes after the delay, or never.
            Deliver(body);
            var wait = fault.Delay == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : fault.Delay;
            await Task.Delay(wait, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return context.RequestAborted.IsCancellationRequested ? Results.Empty : Results.Json(new { errcode = 0, errmsg = "ok", msgid = Guid.NewGuid().ToString("N") });
        }

        if (fault is not null && (fault.Delay != TimeSpan.Zero || fault.Release is not null))
        {
            try
            {
                await (fault.Release ?? Task.Delay(fault.Delay)).WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up (a timeout, a dispatcher killed mid-send): nothing was delivered.
                return Results.Empty;
            }
        }

        if (fault is { HttpStatus: not 200 })
        {
            return Results.StatusCode(fault.HttpStatus);
        }

        if (fault is { ErrCode: not 0 })
        {
            return Results.Json(new { errcode = fault.ErrCode, errmsg = "injected" });
        }

        if (fault?.InvalidUser is { } refused)
        {
            return Results.Json(new { errcode = 0, errmsg = "ok", invaliduser = refused, msgid = Guid.NewGuid().ToString("N") });
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }

        Deliver(body);
        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = Guid.NewGuid().ToString("N") });
    }

    /// <summary>Delivers, unless WeCom's duplicate check drops it: a body asking for it, the same as one delivered to the member before.</summary>
    private void Deliver(JsonElement body)
    {
        lock (Delivered)
        {
            var asked = body.TryGetProperty("enable_duplicate_check", out var check) && check.GetInt32() == 1;
            var text = body.GetRawText();
            if (asked && Delivered.Any(d => d.GetRawText() == text))
            {
                Suppressed.Enqueue(body);
                return;
            }

            Delivered.Enqueue(body);
        }
    }

    private void Record(HttpContext context, JsonElement? body) =>
        Calls.Enqueue((context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body));
}
