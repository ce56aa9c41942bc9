using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Outbox;

/// <summary>The outbox as a turn sees it: any message, and a bot reply to someone other than the turn's user, as a notice.</summary>
public interface INotifier : IOutbox
{
    /// <summary>
    /// Queues <paramref name="message"/> for <paramref name="userId"/> in the turn's transaction. An urgent notice
    /// ignores quiet hours; <paramref name="key"/> names its cause so that it is never queued twice.
    /// </summary>
    Task NotifyAsync(IUnitOfWork work, string userId, Reply message, DateTimeOffset now, CancellationToken cancellationToken, bool urgent = false, string? key = null);

    /// <summary>The outbox row <see cref="NotifyAsync"/> would queue, for a caller that writes it with others.</summary>
    OutboxMessage Notice(string userId, Reply message, DateTimeOffset now, bool urgent = false, string? key = null);
}
