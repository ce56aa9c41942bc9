using System.Net;

namespace HelpAgency.Load;

/// <summary>WeCom's API on loopback, so the host's pushes and deferred replies have somewhere real to go.</summary>
public sealed class FakeWeComApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _sends;

    private FakeWeComApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long Sends => Interlocked.Read(ref _sends);

    public static async Task<FakeWeComApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeWeComApi(app);
        app.MapGet("/cgi-bin/gettoken", () => Results.Text("""{"errcode":0,"errmsg":"ok","access_token":"load-token","expires_in":7200}""", "application/json"));
        app.MapPost("/cgi-bin/{**path}", async (HttpRequest request) =>
        {
            // Read the body as WeCom would; the reply is what a successful send gets.
            await request.Body.CopyToAsync(Stream.Null);
            var n = Interlocked.Increment(ref api._sends);
            return Results.Text($$"""{"errcode":0,"errmsg":"ok","msgid":"load-{{n}}","chatid":"load-chat"}""", "application/json");
        });
        await app.StartAsync();
        api.BaseUrl = app.Urls.First();
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
