namespace HelpAgency.Core.Callbacks;

/// <summary>The stored spelling of what became of a callback.</summary>
public static class CallbackStatus
{
    /// <summary>The turn is running; never seen committed.</summary>
    public const string Processing = "processing";

    /// <summary>The replies went back inline (passive reply); a redelivery gets them again.</summary>
    public const string Replied = "replied";

    /// <summary>The replies wait to be sent through the API.</summary>
    public const string Pending = "pending";

    /// <summary>The replies were sent through the API.</summary>
    public const string Sent = "sent";

    /// <summary>Sending was refused for good; the error says why.</summary>
    public const string Failed = "failed";
}
