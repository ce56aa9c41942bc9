namespace HelpAgency.Host.LocalChannel;

/// <summary>Who may use the local channel.</summary>
public enum LocalChannelMode
{
    /// <summary>Not served: its endpoints and page answer 404.</summary>
    Off,

    /// <summary>Anyone acts as any user id (running without WeCom, for trying the product).</summary>
    AnyUser,

    /// <summary>Only a signed-in staff member, and only as themselves (WeCom configured, channel enabled explicitly).</summary>
    SignedInStaff,
}
