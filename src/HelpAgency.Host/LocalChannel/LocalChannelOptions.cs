using HelpAgency.WeCom;

namespace HelpAgency.Host.LocalChannel;

/// <summary>Section "LocalChannel": whether the web chat and its JSON API answer, and as whom.</summary>
public sealed class LocalChannelOptions
{
    public const string Section = "LocalChannel";

    /// <summary>
    /// Unset: on without WeCom (the demo, as any user id), off with WeCom. True with WeCom: on, but only for a
    /// signed-in staff member acting as themselves. False: off.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>How the channel answers given the WeCom section.</summary>
    public LocalChannelMode ModeWith(WeComOptions wecom) => (Enabled, wecom.IsConfigured) switch
    {
        (false, _) => LocalChannelMode.Off,
        (_, false) => LocalChannelMode.AnyUser,
        (true, true) => LocalChannelMode.SignedInStaff,
        (null, true) => LocalChannelMode.Off,
    };
}
