namespace HelpAgency.Core.Outbox;

public enum OutboxStatus
{
    Pending,
    Sending,
    Sent,
    Dead,
}

/// <summary>
/// A push waiting to go out, or gone. <see cref="IdempotencyKey"/> names the message's meaning ("reminder of
/// item SG01 of case 42 on 2026-11-25"), so the same push is never queued, nor sent, twice.
/// </summary>
public sealed record OutboxMessage(
    long Id,
    string IdempotencyKey,
    string Recipient,
    string Type,
    string Content,
    bool Urgent,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt = null,
    string? ExternalId = null,
    string? LastError = null);

public interface IOutboxRepository
{
    /// <summary>Queues a message; false when one with the same idempotency key is already queued or sent.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages for sending until <paramref name="leaseUntil"/>: each the
    /// oldest unsent one of its recipient, so a recipient's messages go out in order. Expired leases are claimed again.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, string? externalId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a claimed message back: to try again at <paramref name="nextAttemptAt"/>, or dead when <paramref name="dead"/>.</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken);

    /// <summary>Returns a claimed message to the queue unsent, without counting the attempt (a rate limit, a quiet hour).</summary>
    Task DeferAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    Task<int> SentToSinceAsync(string recipient, DateTimeOffset since, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus? status, int limit, CancellationToken cancellationToken);

    /// <summary>Makes a dead message pending again; false when it is not dead.</summary>
    Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);
}
