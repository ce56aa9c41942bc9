using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// Lets a channel make a turn idempotent: claim its delivery inside the turn's transaction, and store
/// the outcome in the same transaction, so a delivery is handled once however often it arrives.
/// </summary>
public interface ITurnGuard
{
    /// <summary>
    /// Runs first in the turn's transaction. The claim is lost when the delivery was handled already (the turn is
    /// skipped); a won claim may carry the replies that refuse the turn (its sender is over their limit), which are
    /// stored as the delivery's outcome instead of running the bot.
    /// </summary>
    Task<TurnClaim> ClaimAsync(IUnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Runs last, just before the commit, with the replies the turn produced.</summary>
    Task CompleteAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>What claiming a delivery decided.</summary>
public readonly record struct TurnClaim(bool Won, IReadOnlyList<Reply>? Refusal)
{
    /// <summary>The delivery was handled already.</summary>
    public static TurnClaim Lost => new(false, null);

    /// <summary>The turn runs.</summary>
    public static TurnClaim Run => new(true, null);

    /// <summary>The turn is answered with <paramref name="replies"/> and the bot does not run.</summary>
    public static TurnClaim Refuse(IReadOnlyList<Reply> replies) => new(true, replies);
}
