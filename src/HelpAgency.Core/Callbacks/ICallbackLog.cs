namespace HelpAgency.Core.Callbacks;

/// <summary>
/// Callbacks a channel has received, keyed by the channel's delivery id, so that a redelivery is
/// answered from the first one instead of running its turn again, and so that replies that could not
/// be answered inline are sent later exactly once.
/// </summary>
public interface ICallbackLog
{
    /// <summary>Records <paramref name="key"/> as in progress; false when it is already recorded (a redelivery).</summary>
    Task<bool> TryStartAsync(string key, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the turn's outcome on the record: its status and its replies as JSON.</summary>
    Task CompleteAsync(string key, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="key"/> with its outcome already decided, in one write where a start and a completion
    /// take two; false when it is already recorded (a redelivery), and nothing is stored.
    /// </summary>
    Task<bool> TryRecordAsync(string key, string userId, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken);

    Task<CallbackRecord?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> records whose replies wait to be sent and are due at
    /// <paramref name="now"/>, until <paramref name="leaseUntil"/>: another sender skips them meanwhile.
    /// </summary>
    Task<IReadOnlyList<CallbackRecord>> LeaseUnsentAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    /// <summary>Sets the status after a send (sent, failed, or still pending with a reason).</summary>
    Task MarkAsync(string key, string status, string? error, DateTimeOffset now, CancellationToken cancellationToken);
}
