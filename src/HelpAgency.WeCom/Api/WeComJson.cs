using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace HelpAgency.WeCom.Api;

/// <summary>The JSON settings of request bodies: Chinese written as is, which WeCom's limits count in bytes.</summary>
internal static class WeComJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
