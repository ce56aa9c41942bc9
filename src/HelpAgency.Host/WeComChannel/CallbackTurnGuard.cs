using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Claims a WeCom delivery inside its turn's transaction and stores its outcome with it: the replies answered inline
/// while the callback still waits for them, or, once the callback has given up waiting (or the replies do not fit a
/// passive reply), the replies queued in the outbox as urgent messages, where every push goes. The switch between the
/// two is atomic, so replies are never both answered and sent. The turn's store writes the claim and the outcome.
/// </summary>
internal sealed class CallbackTurnGuard(string key, string userId, INotifier outbox, Func<IReadOnlyList<Reply>?>? refuse = null) : ITurnGuard
{
    private const int Waiting = 0;
    private const int Completing = 1;
    private const int Abandoned = 2;

    private readonly Lazy<IReadOnlyList<Reply>?> _refusal = new(() => refuse?.Invoke());
    private int _state;

    public string Key { get; } = key;

    /// <summary>The status of the turn's outcome, stored with its commit; null until the turn decided it.</summary>
    public string? Status { get; private set; }

    /// <summary>The callback stops waiting; false when the turn is already committing its inline answer.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

    /// <summary>The turn limit is asked once, and only for a delivery not handled yet, so a turn run again is not counted twice.</summary>
    public IReadOnlyList<Reply>? Refusal() => _refusal.Value;

    /// <summary>Replies that do not go back inline become urgent outbox messages of this turn, keyed by the delivery and their place.</summary>
    public DeliveryOutcome Complete(IReadOnlyList<Reply> replies, DateTimeOffset now)
    {
        Status = Decide(replies);
        IReadOnlyList<OutboxMessage> messages = Status == CallbackStatus.Sent
            ? [.. replies.Select((reply, i) => outbox.Notice(userId, reply, now, urgent: true, key: $"reply:{Key}:{i}"))]
            : [];
        return new DeliveryOutcome(Key, Status, StoredReplies.Serialize(replies), messages);
    }

    /// <summary>
    /// Answered inline unless the callback has stopped waiting; from here on it waits for the commit. A turn run again
    /// after its saves met a conflict keeps a decision to answer inline: the callback waits for it.
    /// </summary>
    private string Decide(IReadOnlyList<Reply> replies)
    {
        var answeredInline = Interlocked.CompareExchange(ref _state, Completing, Waiting) != Abandoned;
        return replies.Count == 0 || (answeredInline && StoredReplies.FitPassiveReply(replies))
            ? CallbackStatus.Replied
            : CallbackStatus.Sent;
    }
}
