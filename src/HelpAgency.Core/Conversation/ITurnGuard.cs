namespace HelpAgency.Core.Conversation;

/// <summary>
/// Lets a channel make a turn idempotent: its delivery is claimed first in the turn's transaction and its outcome
/// stored in the same transaction, so a delivery is handled once however often it arrives.
/// </summary>
public interface ITurnGuard
{
    /// <summary>The key the delivery is claimed under; a turn whose claim is lost (handled already) is skipped.</summary>
    string Key { get; }

    /// <summary>
    /// Asked once the claim is won: the replies that refuse the turn (its sender is over their limit), stored as the
    /// delivery's outcome instead of running the bot; null runs it.
    /// </summary>
    IReadOnlyList<Reply>? Refusal();

    /// <summary>
    /// The delivery's outcome with the replies the turn produced, decided just before the commit and stored with the
    /// turn's saves. A turn run again after a conflict asks again.
    /// </summary>
    DeliveryOutcome Complete(IReadOnlyList<Reply> replies, DateTimeOffset now);
}
