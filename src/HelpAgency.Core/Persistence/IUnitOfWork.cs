using HelpAgency.Core.Cases;
using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Inbox;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Staff;
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

    IStaffRepository Staff { get; }

    IProjectRepository Projects { get; }

    ICaseRepository Cases { get; }

    ICoordinationRepository Coordination { get; }

    IServiceLedger Ledger { get; }

    IOutboxRepository Outbox { get; }

    /// <summary>Callbacks received from a channel, for deduplication and deferred replies.</summary>
    ICallbackLog Callbacks { get; }

    /// <summary>Messages the bot could not answer with confidence, for the supervisors.</summary>
    IMissedQuestionLog MissedQuestions { get; }

    /// <summary>The statements that open and close a turn; its finish commits the unit.</summary>
    ITurnStore Turn { get; }

    /// <summary>The staff console's reads over many cases; meant for a unit begun with BeginReadAsync.</summary>
    ICaseQueryRepository CaseQueries { get; }

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="lastWrite"/>, the unit's last statement (one statement, no more), and commits. It costs less
    /// on SQLite: in a unit that has written nothing before, that statement needs no savepoint of its own.
    /// </summary>
    async Task CommitAfterAsync(Func<CancellationToken, Task> lastWrite, CancellationToken cancellationToken)
    {
        await lastWrite(cancellationToken);
        await CommitAsync(cancellationToken);
    }
}
