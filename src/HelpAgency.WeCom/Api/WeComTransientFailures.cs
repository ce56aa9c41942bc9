using System.Net;
using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace HelpAgency.WeCom.Api;

/// <summary>
/// Which outcomes of an HTTP attempt the resilience pipeline retries and counts against the circuit:
/// transport errors, timeouts, HTTP 5xx/408/429, and a 200 whose errcode is -1, 45009 or 45033.
/// </summary>
internal static class WeComTransientFailures
{
    /// <summary>
    /// Whether an attempt is repeated: a transient failure, except one WeCom may have acted on (a timeout, a 5xx, a
    /// dropped connection) of an API without a duplicate check (group chat and group robot posts), where a repeat posts twice.
    /// </summary>
    public static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, CancellationToken cancellationToken) =>
        await IsTransientAsync(outcome, cancellationToken) && (!PostsWithoutDuplicateCheck(request) || WasRefused(outcome));

    /// <summary>appchat/send and webhook/send: WeCom shows every copy it takes.</summary>
    private static bool PostsWithoutDuplicateCheck(HttpRequestMessage? request) =>
        request?.RequestUri?.AbsolutePath is { } path
        && (path.EndsWith("/cgi-bin/appchat/send", StringComparison.Ordinal) || path.EndsWith("/cgi-bin/webhook/send", StringComparison.Ordinal));

    /// <summary>True when WeCom certainly did not take the request: no connection, or an answer that refuses it (busy, over a limit).</summary>
    private static bool WasRefused(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }
        || outcome.Result is { IsSuccessStatusCode: true } or { StatusCode: HttpStatusCode.TooManyRequests };

    public static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        // Buffered, so the client can still read the body when no retry follows.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && WeComErrorCodes.IsTransient(WeComResult.ReadErrCode(document.RootElement));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
