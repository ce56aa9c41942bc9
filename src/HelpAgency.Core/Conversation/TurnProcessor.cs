using HelpAgency.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// Runs one turn as one unit of work: load the user and their conversation, let the bot act, save the
/// state with its version check, commit, and only then hand back the replies. A turn that lost a race
/// with another host is run again from a fresh read.
/// </summary>
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
                return await RunOnceAsync(activity, guard, cancellationToken);
            }
            catch (ConcurrencyConflictException ex) when (attempt < MaxAttempts)
            {
                logger.LogInformation("Turn of {User} met a concurrent save (attempt {Attempt}): {Reason}", activity.UserId, attempt, ex.Message);
            }
        }
    }

    private async Task<TurnResult> RunOnceAsync(Activity activity, ITurnGuard? guard, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if (guard is not null && !await guard.ClaimAsync(work, now, cancellationToken))
        {
            return TurnResult.AlreadyHandled;
        }

        var user = await work.Users.GetOrAddContactAsync(activity.UserId, now, cancellationToken);
        var conversation = await work.Conversations.GetAsync(activity.UserId, cancellationToken);

        var turn = new TurnContext(activity, user, conversation, work, now);
        await bot.OnTurnAsync(turn, cancellationToken);

        await work.Conversations.SaveAsync(conversation, turn.StateJson, now, cancellationToken);
        if (guard is not null)
        {
            await guard.CompleteAsync(work, turn.Replies, now, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return new TurnResult(turn.Replies);
    }
}
