using System.Text.Json;
using HelpAgency.Core.Conversation;
using HelpAgency.WeCom.Api;

namespace HelpAgency.Host.WeComChannel;

/// <summary>The JSON a turn's replies are kept in on the callback record, and which of them fit a passive reply.</summary>
public static class StoredReplies
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(IReadOnlyList<Reply> replies) => JsonSerializer.Serialize(replies, Options);

    public static IReadOnlyList<Reply> Deserialize(string json) => JsonSerializer.Deserialize<List<Reply>>(json, Options) ?? [];

    /// <summary>
    /// A passive reply carries one text message of at most 2,048 bytes; several messages, longer text, markdown and cards go through the API.
    /// </summary>
    public static bool FitPassiveReply(IReadOnlyList<Reply> replies) => replies is [{ Type: ReplyTypes.Text } reply] && MessageLimits.Fits(reply.Text);

}
