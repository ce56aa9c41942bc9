using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Logging;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// Runs one turn as one unit of work, the same way on every engine: claim the delivery, load the user and
/// their conversation, let the bot act, save the state with its version check and the delivery's outcome,
/// commit, and only then hand back the replies. A turn that lost a race with another host runs again from a
/// fresh read.
/// </summary>
/// <remarks>
/// On SQLite the unit holds the one writer from claim to commit, so turns take their logic one after another
/// and are committed in groups (<c>SqliteWriter</c>); what is not the turn's logic (HTTP, the callback's crypto
/// and XML, sealing the reply) runs before and after it, outside the writer. On PostgreSQL each turn is its own
/// transaction and turns run side by side.
/// </remarks>
public sealed class TurnProcessor(
    IUnitOfWorkFactory database,
    IBot bot,
    UserTurnGate gate,
    TimeProvider clock,
    ILogger<TurnProcessor> logger)
{
    /// <summary>How often a turn is retried after a concurrency conflict before giving up.</summary>
    public const int MaxAttempts = 3;

    public Task<TurnResult> ProcessAsync(Activity activity, CancellationToken cancellationToken) =>
        ProcessAsync(activity, guard: null, cancellationToken);

    /// <summary>Runs the turn with <paramref name="guard"/> claiming the delivery and storing its outcome in the turn's transaction.</summary>
    public async Task<TurnResult> ProcessAsync(Activity activity, ITurnGuard? guard, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activity.UserId);
        using var _ = await gate.EnterAsync(activity.UserId, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(activity, guard, cancellationToken);
            }
            catch (ConcurrencyConflictException ex) when (attempt < MaxAttempts)
            {
                logger.LogInformation("Turn of {User} met a concurrent save (attempt {Attempt}): {Reason}", activity.UserId, attempt, ex.Message);
            }
        }
    }

    private async Task<TurnResult> RunAsync(Activity activity, ITurnGuard? guard, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if (guard is not null)
        {
            var claim = await guard.ClaimAsync(work, now, cancellationToken);
            if (!claim.Won)
            {
                return TurnResult.AlreadyHandled;
            }

            if (claim.Refusal is { } refusal)
            {
                // Nothing of the conversation is stored; the refusal is the delivery's answer, so a redelivery gets it again.
                await guard.CompleteAsync(work, refusal, now, cancellationToken);
                await work.CommitAsync(cancellationToken);
                return new TurnResult(refusal);
            }
        }

        var user = await work.Users.GetOrAddContactAsync(activity.UserId, now, cancellationToken);
        var conversation = await work.Conversations.GetAsync(activity.UserId, cancellationToken);

        var turn = new TurnContext(activity, user, conversation, work, now);
        await bot.OnTurnAsync(turn, cancellationToken);

        return await StoreAsync(work, guard, conversation, turn, cancellationToken);
    }

    /// <summary>Saves the state with its version check and the delivery's outcome, commits, and hands back the replies.</summary>
    private static async Task<TurnResult> StoreAsync(IUnitOfWork work, ITurnGuard? guard, ConversationState conversation, TurnContext turn, CancellationToken cancellationToken)
    {
        await work.Conversations.SaveAsync(conversation, turn.StateJson, turn.Now, cancellationToken);
        if (guard is not null)
        {
            await guard.CompleteAsync(work, turn.Replies, turn.Now, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return new TurnResult(turn.Replies);
    }
}
