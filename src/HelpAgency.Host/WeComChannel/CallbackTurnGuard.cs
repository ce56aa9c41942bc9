using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Claims a WeCom delivery inside its turn's transaction and stores the replies with it: as answered
/// inline while the callback still waits for them, or as pending for the API once the callback has
/// given up waiting. The switch between the two is atomic, so replies are never both answered and sent.
/// </summary>
internal sealed class CallbackTurnGuard(string key, string userId) : ITurnGuard
{
    private const int Waiting = 0;
    private const int Completing = 1;
    private const int Abandoned = 2;

    private int _state;

    public string Key { get; } = key;

    /// <summary>The status the turn stored; null until it completed.</summary>
    public string? Status { get; private set; }

    /// <summary>The callback stops waiting; false when the turn is already committing its inline answer.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

    public Task<bool> ClaimAsync(IUnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken) =>
        work.Callbacks.TryStartAsync(Key, userId, now, cancellationToken);

    public async Task<bool> WasHandledAsync(IUnitOfWork read, CancellationToken cancellationToken) =>
        await read.Callbacks.FindAsync(Key, cancellationToken) is not null;

    public async Task CompleteAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Status = Decide(replies);
        await work.Callbacks.CompleteAsync(Key, Status, StoredReplies.Serialize(replies), now, cancellationToken);
    }

    public async Task<bool> ClaimWithOutcomeAsync(IUnitOfWork work, IReadOnlyList<Reply> replies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = Decide(replies);
        if (!await work.Callbacks.TryRecordAsync(Key, userId, status, StoredReplies.Serialize(replies), now, cancellationToken))
        {
            return false;
        }

        Status = status;
        return true;
    }

    /// <summary>Answered inline unless the callback has stopped waiting; from here on it waits for the commit.</summary>
    private string Decide(IReadOnlyList<Reply> replies)
    {
        var answeredInline = Interlocked.CompareExchange(ref _state, Completing, Waiting) != Abandoned;
        return replies.Count == 0 || (answeredInline && StoredReplies.FitPassiveReply(replies))
            ? CallbackStatus.Replied
            : CallbackStatus.Pending;
    }
}
