using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using HelpAgency.Core.Conversation;

namespace HelpAgency.Core.Outbox;

/// <summary>
/// What an outbox message says, one record per kind of message: the only shapes the outbox stores (as JSON in snake
/// case, beside <see cref="Type"/>) and the senders read. A closed family, kept in one file like a union.
/// </summary>
public abstract record OutboxPayload
{
    // Snake case, Chinese unescaped: the shape rows have always had, which the local inbox page reads too.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The stored message type, which the senders dispatch on.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);

    /// <summary>The payload of a stored message.</summary>
    public static OutboxPayload Read(string type, string json) => type switch
    {
        ReplyTypes.Text => Deserialize<TextPayload>(json),
        ReplyTypes.Markdown => Deserialize<MarkdownPayload>(json),
        ReplyTypes.Card => Deserialize<CardPayload>(json),
        CardUpdatePayload.TypeName => Deserialize<CardUpdatePayload>(json),
        GroupChat.CreateType => Deserialize<GroupCreatePayload>(json),
        _ => throw new InvalidOperationException($"The outbox has no message type '{type}'."),
    };

    /// <summary>A bot reply as a push: a card without buttons is markdown with its title in bold; a card's task id is the caller's.</summary>
    public static OutboxPayload From(Reply reply, string taskId) => reply switch
    {
        { Type: ReplyTypes.Card, Buttons: { Count: > 0 } buttons } => new CardPayload(reply.Text, reply.Title, buttons, taskId),
        { Type: ReplyTypes.Card } => new MarkdownPayload(string.IsNullOrEmpty(reply.Title) ? reply.Text : $"**{reply.Title}**\n{reply.Text}"),
        { Type: ReplyTypes.Markdown } => new MarkdownPayload(reply.Text),
        _ => new TextPayload(reply.Text),
    };

    private static T Deserialize<T>(string json)
        where T : OutboxPayload =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"An outbox message of type {typeof(T).Name} is empty.");
}

/// <summary>Plain text to a member.</summary>
public sealed record TextPayload(string Text) : OutboxPayload
{
    public override string Type => ReplyTypes.Text;
}

/// <summary>Markdown to a member, or to a group chat with its <paramref name="Members"/> (for the local inbox, which fans it out).</summary>
public sealed record MarkdownPayload(string Text, IReadOnlyList<string>? Members = null) : OutboxPayload
{
    public override string Type => ReplyTypes.Markdown;
}

/// <summary>A task card with buttons; <paramref name="TaskId"/> is stored with it, so every attempt names the same task.</summary>
public sealed record CardPayload(string Text, string? Title, IReadOnlyList<ReplyButton> Buttons, string TaskId) : OutboxPayload
{
    public override string Type => ReplyTypes.Card;
}

/// <summary>Replaces a clicked card's buttons with <paramref name="Text"/>, once, with the click's single-use response code.</summary>
public sealed record CardUpdatePayload(string Text, string ResponseCode, string? TaskId) : OutboxPayload
{
    public const string TypeName = "card_update";

    public override string Type => TypeName;
}

/// <summary>Creates a meeting's group chat; the messages queued to it after this wait behind it.</summary>
public sealed record GroupCreatePayload(string Text, string Name, string Owner, IReadOnlyList<string> Members) : OutboxPayload
{
    public override string Type => GroupChat.CreateType;
}
