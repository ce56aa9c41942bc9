using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpAgency.Benchmarks.Pushes;

/// <summary>
/// The two WeCom calls a push needs (gettoken, message/send) on loopback Kestrel, answering a share of the sends
/// with HTTP 503 at random, and counting what it delivered. The integration tests' fake does far more.
/// </summary>
internal sealed class FakeWeComApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _calls;
    private long _delivered;

    private FakeWeComApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The share of message/send calls answered with HTTP 503, 0..1.</summary>
    public double FaultRate { get; set; }

    public long Calls => Interlocked.Read(ref _calls);

    public long Delivered => Interlocked.Read(ref _delivered);

    public static async Task<FakeWeComApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakeWeComApi(app);
        app.MapGet("/cgi-bin/gettoken", () => Results.Json(new { errcode = 0, errmsg = "ok", access_token = "bench-token", expires_in = 7200 }));
        app.MapPost("/cgi-bin/message/send", async (HttpContext context) =>
        {
            // Read the body as WeCom would before answering.
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync(context.RequestAborted);
            Interlocked.Increment(ref api._calls);
            if (api.FaultRate > 0 && Random.Shared.NextDouble() < api.FaultRate)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            Interlocked.Increment(ref api._delivered);
            return Results.Json(new { errcode = 0, errmsg = "ok", msgid = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
