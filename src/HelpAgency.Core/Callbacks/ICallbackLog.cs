namespace HelpAgency.Core.Callbacks;

/// <summary>
/// Callbacks a channel has received, keyed by the channel's delivery id: the record of each delivery and its outcome,
/// so that a redelivery is answered from the first one instead of running its turn again. Replies that could not be
/// answered inline are not sent from here: the turn queues them in the outbox.
/// </summary>
public interface ICallbackLog
{
    /// <summary>Records <paramref name="key"/> as in progress; false when it is already recorded (a redelivery).</summary>
    Task<bool> TryStartAsync(string key, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the turn's outcome on the record: its status and its replies as JSON.</summary>
    Task CompleteAsync(string key, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken);

    Task<CallbackRecord?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Records whose replies wait under the earlier design, which sent them from the callback record; each is handed to
    /// the outbox once at start (<see cref="CallbackStatus.Pending"/>). New turns never store that status.
    /// </summary>
    Task<IReadOnlyList<CallbackRecord>> ListPendingAsync(int limit, CancellationToken cancellationToken);
}
