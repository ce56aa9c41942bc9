using System.Collections.Concurrent;
using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Users;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Limits;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Callback;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Runs an opened WeCom callback as a turn, once per delivery, and decides the answer: the turn's reply
/// as an encrypted passive reply when it is ready within the budget, else an empty answer while the
/// turn finishes in the background and its replies go out through the outbox, as every push does.
/// </summary>
internal sealed class WeComCallbackHandler(
    TurnProcessor turns,
    IUnitOfWorkFactory database,
    CallbackCodec codec,
    RunningTurns running,
    INotifier outbox,
    OutboxDispatcher dispatcher,
    TurnLimits limits,
    ReplyTemplates replies,
    IOptions<WeComOptions> options,
    TimeProvider clock,
    ILogger<WeComCallbackHandler> logger)
{
    // Deliveries whose turn runs in this host: WeCom's retry of one of them is never refused by the limits.
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>Returns the passive reply XML, or null for an empty 200.</summary>
    public async Task<string?> HandleAsync(OpenedCallback callback, string timestamp, string nonce)
    {
        var message = callback.Message;
        if (!UserIds.IsValid(message.FromUserName))
        {
            // Signed with our token, yet no id WeCom issues: nothing is stored under it, and WeCom is not asked to retry.
            logger.LogWarning("WeCom callback with a malformed FromUserName taken without a turn");
            return null;
        }

        var activity = WeComActivities.From(message);
        if (activity is null)
        {
            logger.LogDebug("WeCom event {Event} taken without a turn", message.Event);
            return null;
        }

        // No lookup first: the turn's own claim finds a redelivery (waiting, on PostgreSQL, for a first delivery
        // still in flight on another host), which then answers from the first delivery's record below. The per-user
        // rate is asked only once the claim shows a new delivery; the cap on turns queued in this host comes first.
        var key = WeComActivities.DeliveryKey(message, callback.Plaintext);
        if (!_running.ContainsKey(key) && !limits.HasRoomInQueue(activity.UserId))
        {
            // Refused only when it is a new message: a redelivery is answered from its first delivery's record.
            if (await FindAsync(key) is { } delivered)
            {
                return AnswerFrom(delivered, message, timestamp, nonce);
            }

            logger.LogInformation("WeCom message {Key} refused: its sender has too many turns waiting", key);
            return codec.SealText(message.FromUserName, replies.Get("too_fast"), clock.GetUtcNow().ToUnixTimeSeconds(), timestamp, nonce);
        }

        _running.TryAdd(key, 0);
        try
        {
            return await RunAsync(activity, key, message, timestamp, nonce);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private async Task<string?> RunAsync(Activity activity, string key, CallbackMessage message, string timestamp, string nonce)
    {
        var guard = new CallbackTurnGuard(key, activity.UserId, outbox, () =>
        {
            if (limits.TryTakeTurn(activity.UserId))
            {
                return null;
            }

            logger.LogInformation("WeCom message {Key} refused: its sender is over the turn limit", key);
            return [Reply.Plain(replies.Get("too_fast"))];
        });

        // Not the request's token: the turn must finish even when WeCom stops waiting for it. Replies it queued in the
        // outbox are sent at once rather than at the dispatcher's next poll.
        var turn = running.Track(turns.ProcessAsync(activity, guard, CancellationToken.None));
        _ = turn.ContinueWith(
            _ =>
            {
                if (guard.Status == CallbackStatus.Sent)
                {
                    dispatcher.Wake();
                }
            },
            TaskScheduler.Default);
        if (!await FinishesWithinAsync(turn, TimeSpan.FromMilliseconds(options.Value.ReplyBudgetMilliseconds)) && guard.TryAbandon())
        {
            logger.LogInformation("Turn for WeCom {Key} outran the reply budget; its replies will go through the API", key);
            return null;
        }

        var result = await turn;
        if (result.IsAlreadyHandled)
        {
            if (await FindAsync(key) is not { } first)
            {
                return null;
            }

            logger.LogInformation("WeCom redelivered {Key}; answering from the first delivery ({Status})", key, first.Status);
            return AnswerFrom(first, message, timestamp, nonce);
        }

        return guard.Status == CallbackStatus.Replied ? Seal(result.Replies, message, timestamp, nonce) : null;
    }

    /// <summary>
    /// Whether the turn ends within the budget. The budget's timer goes with the wait: a Task.Delay raced against
    /// the turn stayed armed for the whole budget after the turn had answered, thousands of live timers under load.
    /// </summary>
    private async Task<bool> FinishesWithinAsync(Task turn, TimeSpan budget)
    {
        try
        {
            await turn.WaitAsync(budget, clock);
            return true;
        }
        catch (Exception) when (turn.IsCompleted)
        {
            // The turn's own failure: thrown again where its result is awaited.
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private string? AnswerFrom(CallbackRecord record, CallbackMessage message, string timestamp, string nonce) =>
        record.Status == CallbackStatus.Replied ? Seal(StoredReplies.Deserialize(record.RepliesJson), message, timestamp, nonce) : null;

    private string? Seal(IReadOnlyList<Reply> replies, CallbackMessage message, string timestamp, string nonce) =>
        StoredReplies.FitPassiveReply(replies)
            ? codec.SealText(message.FromUserName, replies[0].Text, clock.GetUtcNow().ToUnixTimeSeconds(), timestamp, nonce)
            : null;

    private async Task<CallbackRecord?> FindAsync(string key)
    {
        await using var work = await database.BeginReadAsync(CancellationToken.None);
        return await work.Callbacks.FindAsync(key, CancellationToken.None);
    }
}
