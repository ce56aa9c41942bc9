using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Outbox;

/// <summary>
/// The outcome of one send: sent (with the channel's message id), failed (transiently or for good), or unknown: the
/// send got no answer and may have arrived (<see cref="MayHaveArrived"/>), so it is tried again with the same content,
/// which WeCom's duplicate check drops if the first one got through.
/// </summary>
public sealed record PushResult(bool Sent, bool Transient, string? ExternalId, string? Error, bool MayHaveArrived = false)
{
    public static PushResult Ok(string? externalId = null) => new(true, false, externalId, null);

    public static PushResult Retry(string error) => new(false, true, null, error);

    public static PushResult Unknown(string error) => new(false, true, null, error, MayHaveArrived: true);

    public static PushResult Fail(string error) => new(false, false, null, error);
}

/// <summary>Delivers an outbox message: to WeCom when it is configured, to the local inbox otherwise.</summary>
public interface IPushSender
{
    /// <summary>
    /// True when sending only writes to the database: then it runs in the same transaction that records it as
    /// sent, and exactly-once is exact. A remote sender runs outside any transaction.
    /// </summary>
    bool SendsInTransaction { get; }

    Task<PushResult> SendAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken);
}
