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
/// item SG01 of case 42 on 2026-11-25"), so the same push is never queued, nor sent, twice. <see cref="MaybeDelivered"/>:
/// an attempt ended without an answer (a timeout), so the message may have arrived. <see cref="FirstAttemptAt"/>: when
/// the first attempt was made, from which WeCom measures its duplicate window; null until then.
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
    string? LastError = null,
    bool MaybeDelivered = false,
    DateTimeOffset? FirstAttemptAt = null);

public interface IOutboxRepository
{
    /// <summary>Queues a message; false when one with the same idempotency key is already queued or sent.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Queues several messages in one statement, each unless one with its idempotency key is already queued or sent.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages for <paramref name="owner"/> until <paramref name="leaseUntil"/>,
    /// and no more than <paramref name="perMinute"/> less the messages sent to anyone in the minute before
    /// <paramref name="now"/> (the app-wide rate limit), urgent ones first: each the first unsent one of its recipient in
    /// due order (the time it is meant for, then id), and none of a recipient with a message in flight, so a recipient's
    /// messages go out one at a time and in order. A routine message held for quiet hours is due in the morning, so an
    /// urgent one passes it. Expired leases are claimed again.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, int perMinute, CancellationToken cancellationToken);

    /// <summary>Claims for a lease owner of its own, as a dispatcher that will never come back would, with no app-wide limit.</summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken) =>
        ClaimAsync(Guid.NewGuid().ToString("N"), now, leaseUntil, limit, int.MaxValue, cancellationToken);

    /// <summary>Extends the lease of those of <paramref name="ids"/> that <paramref name="owner"/> still holds; returns how many.</summary>
    Task<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="ids"/> that <paramref name="owner"/> still holds, locked until the transaction ends,
    /// so that no other dispatcher can take them while their outcome is recorded.
    /// </summary>
    Task<IReadOnlySet<long>> HeldAsync(string owner, IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    Task MarkSentAsync(long id, string? externalId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks many as sent in one go (a batch's outcomes), each with its channel's message id.</summary>
    Task MarkSentAsync(IReadOnlyList<(long Id, string? ExternalId)> sent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a claimed message back: to try again at <paramref name="nextAttemptAt"/>, or dead when <paramref name="dead"/>.
    /// <paramref name="maybeDelivered"/> (the attempt's outcome is unknown) sticks to the message once set.
    /// </summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, bool dead, bool maybeDelivered, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="now"/> as the first attempt of those of <paramref name="ids"/> never attempted before.</summary>
    Task MarkFirstAttemptAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Returns a claimed message to the queue unsent, without counting the attempt and keeping its place (a rate limit).</summary>
    Task DeferAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a claimed message to the queue until the quiet hours end, without counting an attempt; its place in its
    /// recipient's order moves to then, so the recipient's urgent messages go before it.
    /// </summary>
    Task HoldAsync(long id, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>What was sent to each of <paramref name="recipients"/> in the last minute and hour before <paramref name="now"/>; absent ones had nothing.</summary>
    Task<IReadOnlyDictionary<string, RecentSends>> RecentSendsAsync(IReadOnlyCollection<string> recipients, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus? status, int limit, CancellationToken cancellationToken);

    /// <summary>Makes a dead message pending again; false when it is not dead.</summary>
    Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);
}
