using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Http;

/// <summary>
/// Reads a small JSON object from a request body, turning every way it can be wrong (too large, not
/// JSON, not an object) into a 4xx result instead of an exception.
/// </summary>
public static class JsonBody
{
    /// <summary>The largest body the JSON API reads.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiError.Result(StatusCodes.Status413PayloadTooLarge, "请求内容过大。"));
        }

        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = MaxBytes;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, ApiError.Result(StatusCodes.Status413PayloadTooLarge, "请求内容过大。"));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, ApiError.BadRequest("请求体不能为空，请发送一个 JSON 对象。"));
        }

        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var first = body.TrimStart(" \t\r\n"u8);
        if (first.IsEmpty || first[0] != (byte)'{')
        {
            return (null, ApiError.BadRequest("请求体必须是一个 JSON 对象。"));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, options);
            return value is null ? (null, ApiError.BadRequest("请求体必须是一个 JSON 对象。")) : (value, null);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path && IsWellFormed(body))
        {
            return (null, ApiError.BadRequest($"字段 {path.TrimStart('$', '.')} 的类型不正确。"));
        }
        catch (JsonException)
        {
            return (null, ApiError.BadRequest("请求体不是有效的 JSON。"));
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
