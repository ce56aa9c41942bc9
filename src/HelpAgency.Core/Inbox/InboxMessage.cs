namespace HelpAgency.Core.Inbox;

/// <summary>A message pushed to a user on the local channel, kept so their chat page can show it.</summary>
/// <param name="Id">Increasing id; clients page with "after".</param>
/// <param name="Type">A reply type ("text", "markdown", "card").</param>
/// <param name="ContentJson">The message as JSON (text, title, buttons).</param>
public sealed record InboxMessage(long Id, string UserId, DateTimeOffset CreatedAt, string Type, string ContentJson);
