using System.Globalization;
using HelpAgency.Host.Http;
using HelpAgency.Host.Limits;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Callback;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// GET and POST {WeCom:CallbackPath}: URL verification and encrypted callbacks. Every refusal is a 4xx
/// with a body that says nothing about internals; the log names the check that failed.
/// </summary>
public static class WeComCallbackApi
{
    /// <summary>The largest callback body read; larger ones get 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Maps the callback endpoints when the WeCom channel is configured; otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapWeComChannel(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<WeComOptions>>().Value;
        if (!options.IsConfigured)
        {
            return app;
        }

        app.MapGet(options.CallbackPath, VerifyUrl);
        app.MapPost(options.CallbackPath, ReceiveAsync);
        return app;
    }

    private static Results<ContentHttpResult, CallbackRefused> VerifyUrl(HttpContext context, CallbackCodec codec, CallbackRefusals refusals, ConsoleTexts texts, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(WeComCallbackApi));
        var address = RequestLimits.ClientAddress(context);
        var query = context.Request.Query;
        if (!TryGetSigned(query, out var signature, out var timestamp, out var nonce) || query["echostr"].ToString() is not { Length: > 0 } echostr)
        {
            log.LogWarning("WeCom URL verification refused: a query parameter is missing");
            return Refuse(refusals, texts, address);
        }

        try
        {
            return TypedResults.Text(codec.VerifyUrl(signature, timestamp, nonce, echostr), "text/plain; charset=utf-8");
        }
        catch (CallbackException ex)
        {
            log.LogWarning("WeCom URL verification refused: {Check} ({Code})", ex.Kind, ex.Code);
            return Refuse(refusals, texts, address);
        }
    }

    private static async Task<Results<ContentHttpResult, Ok, CallbackRefused>> ReceiveAsync(
        HttpContext context,
        CallbackCodec codec,
        CallbackRefusals refusals,
        ConsoleTexts texts,
        WeComCallbackHandler handler,
        IOptions<WeComOptions> options,
        TimeProvider clock,
        ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var log = logs.CreateLogger(typeof(WeComCallbackApi));
        var request = context.Request;
        var address = RequestLimits.ClientAddress(context);

        if (!TryGetSigned(request.Query, out var signature, out var timestamp, out var nonce))
        {
            log.LogWarning("WeCom callback refused: a query parameter is missing");
            return Refuse(refusals, texts, address);
        }

        if (options.Value.MaxTimestampSkewSeconds > 0 && !IsTimely(timestamp, clock.GetUtcNow(), options.Value.MaxTimestampSkewSeconds))
        {
            log.LogWarning("WeCom callback refused: its timestamp is further than {Skew} s from now", options.Value.MaxTimestampSkewSeconds);
            return Refuse(refusals, texts, address);
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            log.LogWarning("WeCom callback refused: body over {Max} bytes", MaxBodyBytes);
            return Refuse(refusals, texts, address, texts.Error(StatusCodes.Status413PayloadTooLarge, "error.too_large"));
        }

        OpenedCallback callback;
        try
        {
            callback = codec.Open(signature, timestamp, nonce, body.Value.Span);
        }
        catch (CallbackException ex)
        {
            // The kind and code name the failed check; the detail can quote the request, so it stays out of the log.
            log.LogWarning("WeCom callback refused: {Check} ({Code})", ex.Kind, ex.Code);
            return Refuse(refusals, texts, address);
        }

        var reply = await handler.HandleAsync(callback, timestamp, nonce);
        return reply is null ? TypedResults.Ok() : TypedResults.Text(reply, "application/xml; charset=utf-8");
    }

    /// <summary>
    /// Counts a refusal, and answers 429 once the address has spent its allowance. Decided only after a request failed
    /// its checks, never before: WeCom's egress addresses carry every member, so a verified callback is always taken.
    /// </summary>
    private static CallbackRefused Refuse(CallbackRefusals refusals, ConsoleTexts texts, string address, JsonHttpResult<ApiError>? refusal = null)
    {
        if (refusals.IsBlocked(address))
        {
            return new CallbackRefused(RequestLimits.TooMany(texts.Text("error.callback_too_many")));
        }

        refusals.Count(address);
        return new CallbackRefused(refusal ?? texts.BadRequest("error.callback_refused"));
    }

    private static bool TryGetSigned(IQueryCollection query, out string signature, out string timestamp, out string nonce)
    {
        signature = query["msg_signature"].ToString();
        timestamp = query["timestamp"].ToString();
        nonce = query["nonce"].ToString();
        return signature.Length > 0 && timestamp.Length > 0 && nonce.Length > 0;
    }

    private static bool IsTimely(string timestamp, DateTimeOffset now, int skewSeconds) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= skewSeconds;

    // Null when the body is over the cap.
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes + 1;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <summary>A refused callback: its 4xx with the JSON error, or 429 once the address has spent its allowance of refusals.</summary>
public sealed class CallbackRefused : IResult
{
    private readonly IResult _answer;

    internal CallbackRefused(JsonHttpResult<ApiError> refusal) => _answer = refusal;

    internal CallbackRefused(RequestLimits.TooManyResult tooMany) => _answer = tooMany;

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);
}
