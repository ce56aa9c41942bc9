namespace HelpAgency.Core.Conversation;

/// <summary>
/// A user's stored conversation: the dialog state as JSON and the version it was read at.
/// Saving checks the version, so two turns that raced cannot overwrite each other.
/// </summary>
public sealed record ConversationState(string UserId, string StateJson, long Version)
{
    /// <summary>The version of a conversation that has never been saved.</summary>
    public const long New = 0;

    public static ConversationState Empty(string userId) => new(userId, "{}", New);
}
