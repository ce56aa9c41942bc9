using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Outbox;

/// <summary>Queues a message in the outbox inside the caller's unit of work; false when one with the same key is already queued or sent.</summary>
public interface IOutbox
{
    Task<bool> EnqueueAsync(IUnitOfWork work, string key, string recipient, OutboxPayload payload, DateTimeOffset now, bool urgent, CancellationToken cancellationToken);

    /// <summary>When a message queued at <paramref name="now"/> may be sent: at once, or a routine one in quiet hours when they end.</summary>
    DateTimeOffset DueAt(DateTimeOffset now, bool urgent);
}
