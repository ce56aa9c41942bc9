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
