using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Inbox;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Persistence;

/// <summary>
/// One database transaction and the repositories that work inside it. Everything a turn writes goes
/// through one unit of work and becomes durable with one <see cref="CommitAsync"/>; disposing without
/// committing rolls it all back.
/// </summary>
public interface IUnitOfWork : IAsyncDisposable
{
    IUserRepository Users { get; }

    IConversationRepository Conversations { get; }

    IInboxRepository Inbox { get; }

    /// <summary>Callbacks received from a channel, for deduplication and deferred replies.</summary>
    ICallbackLog Callbacks { get; }

    Task CommitAsync(CancellationToken cancellationToken);
}
