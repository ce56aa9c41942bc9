namespace HelpAgency.Host.LocalChannel;

/// <summary>The body of POST /api/chat: a user and either a text or an event.</summary>
public sealed class ChatRequest
{
    /// <summary>The user to act as: a WeCom-style user id.</summary>
    public string? User { get; init; }

    /// <summary>What the user typed.</summary>
    public string? Text { get; init; }

    /// <summary>An event instead of a text: "enter_agent", "click" or "template_card_event".</summary>
    public string? Event { get; init; }

    /// <summary>The menu or button key of a "click" or "template_card_event".</summary>
    public string? Key { get; init; }

    /// <summary>The task id of the card whose button was clicked.</summary>
    public string? TaskId { get; init; }
}
