using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Outbox;

/// <summary>
/// The one way a message leaves the system: a row of the outbox, written in the caller's transaction (a rolled-back
/// change tells nobody, a committed one tells once), sent later by the dispatcher. Routine messages wait out the quiet
/// hours; urgent ones (replies, alerts) do not. A message's key names its cause, so it is never queued twice.
/// </summary>
public sealed class TransactionalOutbox(IOptions<PushOptions> options) : IOutbox, INotifier
{
    public Task<bool> EnqueueAsync(IUnitOfWork work, string key, string recipient, OutboxPayload payload, DateTimeOffset now, bool urgent, CancellationToken cancellationToken) =>
        work.Outbox.EnqueueAsync(Message(key, recipient, payload, now, urgent), cancellationToken);

    public DateTimeOffset DueAt(DateTimeOffset now, bool urgent) => urgent ? now : options.Value.NextAllowed(now);

    /// <summary>A bot reply to one member; without a key, a notice of its own.</summary>
    public Task NotifyAsync(IUnitOfWork work, string userId, Reply message, DateTimeOffset now, CancellationToken cancellationToken, bool urgent = false, string? key = null) =>
        work.Outbox.EnqueueAsync(Notice(userId, message, now, urgent, key), cancellationToken);

    public OutboxMessage Notice(string userId, Reply message, DateTimeOffset now, bool urgent = false, string? key = null)
    {
        var id = Guid.NewGuid().ToString("N");
        return Message(key ?? $"notice:{userId}:{id}", userId, OutboxPayload.From(message, $"task-{id}"), now, urgent);
    }

    private OutboxMessage Message(string key, string recipient, OutboxPayload payload, DateTimeOffset now, bool urgent) =>
        new(0, key, recipient, payload.Type, payload.ToJson(), urgent, OutboxStatus.Pending, 0, now, DueAt(now, urgent));
}
