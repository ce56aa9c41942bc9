namespace HelpAgency.Core.Conversation;

/// <summary>One message the bot sends back within a turn.</summary>
/// <param name="Type">"text", "markdown" or "card".</param>
/// <param name="Text">The text (markdown source for "markdown"; the card's description for "card").</param>
/// <param name="Title">A card's title.</param>
/// <param name="Buttons">A card's buttons.</param>
public sealed record Reply(string Type, string Text, string? Title = null, IReadOnlyList<ReplyButton>? Buttons = null)
{
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
