namespace HelpAgency.Core.Callbacks;

/// <summary>The stored spelling of what became of a callback.</summary>
public static class CallbackStatus
{
    /// <summary>The turn is running; never seen committed.</summary>
    public const string Processing = "processing";

    /// <summary>The replies went back inline (passive reply); a redelivery gets them again.</summary>
    public const string Replied = "replied";

    /// <summary>Replies waiting on the record itself: only in databases from before the outbox took them; moved at start.</summary>
    public const string Pending = "pending";

    /// <summary>The replies went to the outbox in the turn's transaction; its rows say when each was delivered.</summary>
    public const string Sent = "sent";
}
