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
/// the test queues up (an HTTP status or an errcode) before answering normally again.
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

    /// <summary>OAuth codes auth/getuserinfo knows: code → member user id, or null for a non-member (answered with an openid).</summary>
    public ConcurrentDictionary<string, string?> SignInCodes { get; } = new();

    public int Count(string path) => Calls.Count(c => c.Path == path);

    public IReadOnlyList<JsonElement> Sent => [.. Calls.Where(c => c.Path == "/cgi-bin/message/send").Select(c => c.Body!.Value)];

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

            return Results.Json(new { errcode = 0, errmsg = "ok", msgid = Guid.NewGuid().ToString("N") });
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

    private void Record(HttpContext context, JsonElement? body) =>
        Calls.Enqueue((context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body));
}
