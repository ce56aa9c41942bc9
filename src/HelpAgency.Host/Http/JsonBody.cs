using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Http;

/// <summary>
/// A JSON object bound from the request body as an endpoint parameter, read with a size limit of
/// <see cref="JsonBody.MaxBytes"/>. Every way the body can be wrong (too large, empty, not JSON, not an object, a field
/// of the wrong type) is kept as <see cref="Error"/>, a 4xx answer the endpoint returns when it decides to, so that a
/// request it refuses for another reason first (not served, not allowed) gets that answer and nothing is changed.
/// </summary>
public sealed class JsonBody<T> : IBindableFromHttpContext<JsonBody<T>>
    where T : class
{
    private readonly T? _value;

    private JsonBody(T? value, JsonHttpResult<ApiError>? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Why the body cannot be used; null when it can.</summary>
    public JsonHttpResult<ApiError>? Error { get; }

    /// <summary>The object sent; read it only when <see cref="Error"/> is null.</summary>
    public T Value => _value ?? throw new InvalidOperationException("The request body was refused: " + Error?.Value?.Error);

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (value, error) = await JsonBody.ReadAsync<T>(context.Request, context.RequestAborted);
        return new JsonBody<T>(value, error);
    }
}

/// <summary>The one reader of JSON request bodies: at most <see cref="MaxBytes"/>, one object.</summary>
public static class JsonBody
{
    /// <summary>The largest body the JSON API reads.</summary>
    public const int MaxBytes = 64 * 1024;

    internal static async Task<(T? Value, JsonHttpResult<ApiError>? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var texts = ConsoleTexts.Of(request.HttpContext);
        if (request.ContentLength > MaxBytes)
        {
            return (null, texts.Error(StatusCodes.Status413PayloadTooLarge, "error.too_large"));
        }

        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = MaxBytes;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return (null, texts.Error(StatusCodes.Status413PayloadTooLarge, "error.too_large"));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit (set above) stopped a body sent without a length.
            return (null, texts.Error(StatusCodes.Status413PayloadTooLarge, "error.too_large"));
        }

        if (buffer.Length == 0)
        {
            return (null, texts.BadRequest("error.body_empty"));
        }

        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var first = body.TrimStart(" \t\r\n"u8);
        if (first.IsEmpty || first[0] != (byte)'{')
        {
            return (null, texts.BadRequest("error.body_not_object"));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, options);
            return value is null ? (null, texts.BadRequest("error.body_not_object")) : (value, null);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path && IsWellFormed(body))
        {
            return (null, texts.BadRequest("error.body_field_type", ("field", path.TrimStart('$', '.'))));
        }
        catch (JsonException)
        {
            return (null, texts.BadRequest("error.body_not_json"));
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
