namespace HelpAgency.WeCom.Callback;

/// <summary>
/// A decrypted callback: a message (text, image, voice, ...) or an event. Only the fields the bot reads
/// are kept; everything comes from inside the signed ciphertext, never from the unsigned envelope.
/// </summary>
public sealed record CallbackMessage
{
    /// <summary>The CorpId the message was sent to.</summary>
    public string ToUserName { get; init; } = "";

    /// <summary>The sender's WeCom UserId.</summary>
    public required string FromUserName { get; init; }

    /// <summary>Seconds since the Unix epoch.</summary>
    public long CreateTime { get; init; }

    /// <summary>"text", "image", "voice", "video", "location", "link", "file", "event", ...</summary>
    public required string MsgType { get; init; }

    /// <summary>The app's agent id as text: it can exceed 32 bits.</summary>
    public string? AgentId { get; init; }

    /// <summary>The message id (a string: newer ids are not numeric); absent on events.</summary>
    public string? MsgId { get; init; }

    /// <summary>The text of a text message.</summary>
    public string? Content { get; init; }

    /// <summary>The event name ("enter_agent", "click", "template_card_event", ...), for events.</summary>
    public string? Event { get; init; }

    /// <summary>The menu key or card button key.</summary>
    public string? EventKey { get; init; }

    /// <summary>The task id of a template card.</summary>
    public string? TaskId { get; init; }

    /// <summary>The template card's type, e.g. "button_interaction".</summary>
    public string? CardType { get; init; }

    /// <summary>The code that allows one update of a clicked template card.</summary>
    public string? ResponseCode { get; init; }

    public bool IsEvent => MsgType == CallbackMessageTypes.Event;
}
