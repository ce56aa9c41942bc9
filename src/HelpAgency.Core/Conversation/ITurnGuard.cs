using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// Lets a channel make a turn idempotent: claim its delivery inside the turn's transaction, and store
/// the outcome in the same transaction, so a delivery is handled once however often it arrives.
/// </summary>
public interface ITurnGuard
{
    /// <summary>
    /// Runs first in the turn's writing transaction; false means the delivery was handled already and the turn is
    /// skipped. (With one writer the bot may have acted on a read snapshot already: what it decided is dropped.)
    /// </summary>
    Task<bool> ClaimAsync(IUnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the delivery was handled already, read on the snapshot a turn reads before it takes the writer, so a
    /// redelivery is not acted on again; <see cref="ClaimAsync"/> still decides.
    /// </summary>
    Task<bool> WasHandledAsync(IUnitOfWork read, CancellationToken cancellationToken);

    /// <summary>Runs after the bot, just before the commit, with the replies the turn produced.</summary>
    Task CompleteAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// For a turn whose bot acted on a read snapshot, so its replies are known before it writes: claims the delivery
    /// and stores the outcome at once, last in the turn's writing transaction. False means the delivery was handled
    /// already, and the turn stores nothing.
    /// </summary>
    Task<bool> ClaimWithOutcomeAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Asked only for a delivery not handled yet (its claim won, or on a read snapshot the claim that stores the answer to
    /// come): the replies that refuse the turn (its sender is over their limit), stored as the delivery's outcome, or null
    /// to run it. The first answer holds for the guard's later questions, so a turn run again is not counted twice.
    /// </summary>
    IReadOnlyList<Reply>? Refusal() => null;
}
