using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Claims a WeCom delivery inside its turn's transaction and stores its outcome with it: the replies answered inline
/// while the callback still waits for them, or, once the callback has given up waiting (or the replies do not fit a
/// passive reply), the replies queued in the outbox as urgent messages, where every push goes. The switch between the
/// two is atomic, so replies are never both answered and sent.
/// </summary>
internal sealed class CallbackTurnGuard(string key, string userId, INotifier outbox, Func<IReadOnlyList<Reply>?>? refuse = null) : ITurnGuard
{
    private const int Waiting = 0;
    private const int Completing = 1;
    private const int Abandoned = 2;

    private readonly Lazy<IReadOnlyList<Reply>?> _refusal = new(() => refuse?.Invoke());
    private int _state;

    public string Key { get; } = key;

    /// <summary>The status the turn stored; null until it completed.</summary>
    public string? Status { get; private set; }

    /// <summary>The callback stops waiting; false when the turn is already committing its inline answer.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

    /// <summary>Claims the delivery; the turn limit is asked once, and only for a delivery not handled yet, so a turn run again is not counted twice.</summary>
    public async Task<TurnClaim> ClaimAsync(IUnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await work.Callbacks.TryStartAsync(Key, userId, now, cancellationToken))
        {
            return TurnClaim.Lost;
        }

        return _refusal.Value is { } refusal ? TurnClaim.Refuse(refusal) : TurnClaim.Run;
    }

    public async Task CompleteAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Status = Decide(replies);
        await work.Callbacks.CompleteAsync(Key, Status, StoredReplies.Serialize(replies), now, cancellationToken);
        await QueueAsync(work, Status, replies, now, cancellationToken);
    }

    /// <summary>Replies that do not go back inline become urgent outbox messages of this turn, keyed by the delivery and their place.</summary>
    private async Task QueueAsync(IUnitOfWork work, string status, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status != CallbackStatus.Sent)
        {
            return;
        }

        for (var i = 0; i < replies.Count; i++)
        {
            await outbox.NotifyAsync(work, userId, replies[i], now, cancellationToken, urgent: true, key: $"reply:{Key}:{i}");
        }
    }

    /// <summary>Answered inline unless the callback has stopped waiting; from here on it waits for the commit.</summary>
    private string Decide(IReadOnlyList<Reply> replies)
    {
        var answeredInline = Interlocked.CompareExchange(ref _state, Completing, Waiting) != Abandoned;
        return replies.Count == 0 || (answeredInline && StoredReplies.FitPassiveReply(replies))
            ? CallbackStatus.Replied
            : CallbackStatus.Sent;
    }
}
