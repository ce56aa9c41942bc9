namespace HelpAgency.Core.Users;

/// <summary>
/// The host acting on its own, as the service ledger records it: an id no WeCom member can have (a colon), the role
/// <see cref="UserRole.System"/>. Never a user row, never signed in, never the actor of a turn.
/// </summary>
public static class SystemActor
{
    /// <summary>The follow-up scheduler (跟进反馈): re-dates the plans whose items run late.</summary>
    public static readonly AppUser Scheduler = new("system:scheduler", "system:scheduler", UserRole.System, DateTimeOffset.UnixEpoch);
}
