namespace HelpAgency.Core.Conversation;

/// <summary>What arrived in a turn: a text message or an event (app opened, menu click, card button).</summary>
public sealed record Activity
{
    /// <summary>The channel it came through: "local" or "wecom".</summary>
    public required string Channel { get; init; }

    /// <summary>The WeCom user id (or the local channel's stand-in) of the sender.</summary>
    public required string UserId { get; init; }

    /// <summary>The message text; null for events.</summary>
    public string? Text { get; init; }

    /// <summary>The event name ("enter_agent", "click", "template_card_event"); null for messages.</summary>
    public string? EventName { get; init; }

    /// <summary>The event key of a menu click or card button.</summary>
    public string? EventKey { get; init; }

    /// <summary>The task id of a template card whose button was clicked.</summary>
    public string? TaskId { get; init; }

    /// <summary>The code that lets a clicked card be updated once.</summary>
    public string? ResponseCode { get; init; }

    /// <summary>The kind of a message the bot does not read (image, voice, location, file).</summary>
    public string? UnsupportedKind { get; init; }

    public static Activity Message(string channel, string userId, string text) =>
        new() { Channel = channel, UserId = userId, Text = text };

    public bool IsMessage => Text is not null;
}
