using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Logging;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// Runs one turn as one unit of work: load the user and their conversation, let the bot act, save the
/// state with its version check, commit, and only then hand back the replies. A turn that lost a race
/// with another host is run again from a fresh read.
/// </summary>
/// <remarks>
/// With one writer (SQLite) a turn that holds it for the whole dialog step makes every other turn wait
/// for that step. So the turn first runs on a read snapshot, and only the claim, the state and the outcome
/// are written under the writer: most turns (questions, form steps) write nothing else. A bot that writes
/// more (opens a case, files a complaint) is refused on the snapshot before anything is stored, and the
/// turn runs again, whole, inside the writer.
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
                if (database.HasSingleWriter && await RunOnSnapshotAsync(activity, guard, cancellationToken) is { } result)
                {
                    return result;
                }

                return await RunOnceAsync(activity, guard, cancellationToken);
            }
            catch (ConcurrencyConflictException ex) when (attempt < MaxAttempts)
            {
                logger.LogInformation("Turn of {User} met a concurrent save (attempt {Attempt}): {Reason}", activity.UserId, attempt, ex.Message);
            }
        }
    }

    /// <summary>
    /// The bot acts on a read snapshot; then a writing unit saves the state (its version check catches a change since
    /// the snapshot) and claims the delivery with its outcome in one write. Null when the bot tried to write.
    /// </summary>
    private async Task<TurnResult?> RunOnSnapshotAsync(Activity activity, ITurnGuard? guard, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        ConversationState conversation;
        TurnContext turn;
        AppUser? known;
        await using (var read = await database.BeginReadAsync(cancellationToken))
        {
            if (guard is not null && await guard.WasHandledAsync(read, cancellationToken))
            {
                return TurnResult.AlreadyHandled;
            }

            if (guard?.Refusal() is { } refusal)
            {
                // Stored only if the claim wins: a delivery handled meanwhile is answered from its record instead.
                await using var refusing = await database.BeginAsync(cancellationToken);
                if (!await guard.ClaimWithOutcomeAsync(refusing, refusal, now, cancellationToken))
                {
                    return TurnResult.AlreadyHandled;
                }

                await refusing.CommitAsync(cancellationToken);
                return new TurnResult(refusal);
            }

            try
            {
                // A first message comes from a contact not stored yet: the write below adds them.
                known = await read.Users.FindAsync(activity.UserId, cancellationToken);
                var user = known ?? AppUser.NewContact(activity.UserId, now);
                conversation = await read.Conversations.GetAsync(activity.UserId, cancellationToken);
                turn = new TurnContext(activity, user, conversation, read, now);
                await bot.OnTurnAsync(turn, cancellationToken);
            }
            catch (WriteRefusedException)
            {
                // A step that changes a case, files a complaint and the like: nothing was written.
                return null;
            }
        }

        await using var work = await database.BeginAsync(cancellationToken);
        if (known is null && (await work.Users.GetOrAddContactAsync(activity.UserId, now, cancellationToken)).Role != turn.User.Role)
        {
            // Someone stored this user meanwhile as staff: the bot answered the wrong role, so the turn runs again.
            throw new ConcurrencyConflictException($"user {activity.UserId} was added as staff during the turn");
        }

        await work.Conversations.SaveAsync(conversation, turn.StateJson, turn.Now, cancellationToken);

        // The claim comes last, with the outcome: a delivery handled meanwhile leaves the unit uncommitted, so nothing above is kept.
        if (guard is not null && !await guard.ClaimWithOutcomeAsync(work, turn.Replies, turn.Now, cancellationToken))
        {
            return TurnResult.AlreadyHandled;
        }

        await work.CommitAsync(cancellationToken);
        return new TurnResult(turn.Replies);
    }

    private async Task<TurnResult> RunOnceAsync(Activity activity, ITurnGuard? guard, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if (guard is not null && !await guard.ClaimAsync(work, now, cancellationToken))
        {
            return TurnResult.AlreadyHandled;
        }

        if (guard?.Refusal() is { } refusal)
        {
            // Nothing of the conversation is stored; the refusal is the delivery's answer, so a redelivery gets it again.
            await guard.CompleteAsync(work, refusal, now, cancellationToken);
            await work.CommitAsync(cancellationToken);
            return new TurnResult(refusal);
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
