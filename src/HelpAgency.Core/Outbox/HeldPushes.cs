namespace HelpAgency.Core.Outbox;

/// <summary>
/// The routine pushes to other members that one turn queued while they were resting: the quiet hours hold them, and
/// the member who caused them is told when they go out instead of believing them already delivered.
/// </summary>
public sealed class HeldPushes
{
    /// <summary>When the last of them may be sent; null when the turn held none.</summary>
    public DateTimeOffset? Until { get; private set; }

    public void Add(DateTimeOffset due)
    {
        if (Until is null || due > Until)
        {
            Until = due;
        }
    }
}
