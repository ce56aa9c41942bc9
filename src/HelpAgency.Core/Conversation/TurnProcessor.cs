using HelpAgency.Core.Persistence;
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
/// transaction and turns run side by side; the unit's <see cref="ITurnStore"/> sends the claim with the reads, and the
/// saves with the commit, in one round trip each.
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
        var start = await work.Turn.StartAsync(activity.UserId, guard?.Key, now, cancellationToken);
        if (!start.Claimed)
        {
            return TurnResult.AlreadyHandled;
        }

        if (guard?.Refusal() is { } refusal)
        {
            // Nothing of the conversation is stored; the refusal is the delivery's answer, so a redelivery gets it again.
            await work.Turn.FinishAsync(save: null, guard.Complete(refusal, now), now, cancellationToken);
            return new TurnResult(refusal);
        }

        var user = start.User ?? await work.Users.AddContactAsync(activity.UserId, now, cancellationToken);
        var turn = new TurnContext(activity, user, start.Conversation, work, now, start.ContactProjects);
        await bot.OnTurnAsync(turn, cancellationToken);

        await work.Turn.FinishAsync(new ConversationSave(start.Conversation, turn.StateJson), guard?.Complete(turn.Replies, now), now, cancellationToken);
        return new TurnResult(turn.Replies);
    }
}
