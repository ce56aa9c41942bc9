using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace HelpAgency.Tests.WeCom.Api;

/// <summary>Stands in for WeCom's servers: records every request and answers with what the test scripts.</summary>
internal sealed class FakeWeComHandler : HttpMessageHandler
{
    private int _tokens;

    public ConcurrentQueue<(string Path, string Query, string? Body)> Requests { get; } = new();

    /// <summary>Answers a request other than gettoken; the default accepts everything.</summary>
    public Func<string, int, HttpResponseMessage> Respond { get; set; } = (_, _) => Json("""{"errcode":0,"errmsg":"ok"}""");

    /// <summary>Answers gettoken; the default hands out token-1, token-2, ... valid for 7200 s.</summary>
    public Func<int, HttpResponseMessage>? RespondToken { get; set; }

    /// <summary>A token WeCom no longer accepts: calls carrying it are answered 42001.</summary>
    public string? ExpiredToken { get; set; }

    /// <summary>While set, answers to calls other than gettoken wait for it: lets a test line callers up.</summary>
    public Task? Hold { get; set; }

    /// <summary>Calls (by their number per path) that never answer until cancelled: a hung connection.</summary>
    public Func<string, int, bool> Hangs { get; set; } = (_, _) => false;

    public int Count(string path) => Requests.Count(r => r.Path == path);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Answer asynchronously, as a network would, so concurrent callers really overlap.
        await Task.Yield();
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((path, request.RequestUri.Query, body));
        if (path == "/cgi-bin/gettoken")
        {
            var n = Interlocked.Increment(ref _tokens);
            return RespondToken?.Invoke(n) ?? Json($$"""{"errcode":0,"errmsg":"ok","access_token":"token-{{n}}","expires_in":7200}""");
        }

        if (Hold is { } hold)
        {
            await hold;
        }

        if (ExpiredToken is not null && request.RequestUri.Query.Contains($"access_token={ExpiredToken}", StringComparison.Ordinal))
        {
            return Json("""{"errcode":42001,"errmsg":"access_token expired"}""");
        }

        var number = Requests.Count(r => r.Path == path);
        if (Hangs(path, number))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Respond(path, number);
    }

    public static string TokenOf(string query) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "access_token").Select(p => Uri.UnescapeDataString(p[1])).Single();

    public static JsonElement BodyOf(string? body) => JsonDocument.Parse(body!).RootElement;
}
