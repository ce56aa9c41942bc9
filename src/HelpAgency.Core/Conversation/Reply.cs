namespace HelpAgency.Core.Conversation;

/// <summary>One message the bot sends back within a turn.</summary>
/// <param name="Type">"text", "markdown" or "card".</param>
/// <param name="Text">The text (markdown source for "markdown"; the card's description for "card").</param>
/// <param name="Title">A card's title.</param>
/// <param name="Buttons">A card's buttons.</param>
public sealed record Reply(string Type, string Text, string? Title = null, IReadOnlyList<ReplyButton>? Buttons = null)
{
    /// <summary>
    /// The most content one message carries on the strictest channel: WeCom's text and markdown messages take 2,048
    /// bytes of UTF-8 (the protocol library's MessageLimits.ContentBytes, which Core does not reference; a test keeps
    /// this budget within it). A reply meant to be read as one message stays within it.
    /// </summary>
    public const int MaxContentBytes = 2048;

    public static Reply Plain(string text) => new(ReplyTypes.Text, text);

    public static Reply Markdown(string text) => new(ReplyTypes.Markdown, text);
}

/// <summary>A button on a card reply; <paramref name="Key"/> comes back as the event key when clicked.</summary>
public sealed record ReplyButton(string Text, string Key);

/// <summary>The reply types every channel understands.</summary>
public static class ReplyTypes
{
    public const string Text = "text";
    public const string Markdown = "markdown";
    public const string Card = "card";
}
