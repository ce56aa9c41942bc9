using System.Globalization;

namespace HelpAgency.Core.Outbox;

/// <summary>
/// Outbox rows for a group chat (a coordination meeting's): the recipient is "chat:&lt;chatid&gt;", the first row
/// creates the group, later rows post to it; each row carries the members so the local inbox can fan it out.
/// </summary>
public static class GroupChat
{
    public const string RecipientPrefix = "chat:";

    /// <summary>The outbox type of the row that creates the group (appchat/create).</summary>
    public const string CreateType = "chat_create";

    /// <summary>WeCom allows 50 characters in a group's name.</summary>
    public const int MaxNameLength = 50;

    public static string Recipient(string chatId) => RecipientPrefix + chatId;

    /// <summary>
    /// A message posted to a group chat (appchat/send, not the create): WeCom has no duplicate check there, so one whose
    /// send may have arrived is never sent again.
    /// </summary>
    public static bool IsPost(OutboxMessage message) => TryGetChatId(message.Recipient, out _) && message.Type != CreateType;

    public static bool TryGetChatId(string recipient, out string chatId)
    {
        chatId = recipient.StartsWith(RecipientPrefix, StringComparison.Ordinal) ? recipient[RecipientPrefix.Length..] : "";
        return chatId.Length > 0;
    }

    /// <summary>
    /// Our own chat id for a meeting: WeCom lets the caller choose it (letters and digits, at most 32), so a
    /// create that is retried after a lost answer names the same group. The time part keeps ids apart across
    /// databases that share one WeCom corp (a reset demo).
    /// </summary>
    public static string ChatIdForMeeting(long meetingId, DateTimeOffset createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"hm{meetingId}t{createdAt.ToUnixTimeMilliseconds():x}");
}
