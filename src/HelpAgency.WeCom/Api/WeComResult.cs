using System.Text.Json;

namespace HelpAgency.WeCom.Api;

/// <summary>The answer every WeCom API call carries: <c>errcode</c> 0 is success.</summary>
public class WeComResult
{
    public int ErrCode { get; init; }

    public string ErrMsg { get; init; } = "";

    public bool IsSuccess => ErrCode == WeComErrorCodes.Ok;

    /// <summary>A failure that a later try may not meet (busy, frequency or concurrency limit).</summary>
    public bool IsTransient => WeComErrorCodes.IsTransient(ErrCode);

    public override string ToString() => $"errcode {ErrCode}: {ErrMsg}";

    internal static int ReadErrCode(JsonElement root) =>
        root.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var value) ? value : 0;

    internal static string ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    internal static IReadOnlyList<string> ReadList(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return [];
        }

        // WeCom answers "a|b|c" for users, parties and tags; unlicensed users come as an array.
        return value.ValueKind switch
        {
            JsonValueKind.String => (value.GetString() ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList(),
            _ => [],
        };
    }

    internal static WeComResult Read(JsonElement root) => new() { ErrCode = ReadErrCode(root), ErrMsg = ReadString(root, "errmsg") };
}
