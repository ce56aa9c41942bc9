using System.Data.Common;
using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Inbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Storage.Cases;
using HelpAgency.Storage.Callbacks;
using HelpAgency.Storage.Conversation;
using HelpAgency.Storage.Inbox;
using HelpAgency.Storage.Ledger;
using HelpAgency.Storage.Outbox;
using HelpAgency.Core.Outbox;
using HelpAgency.Storage.Projects;
using HelpAgency.Storage.Recognition;
using HelpAgency.Core.Recognition;
using HelpAgency.Storage.Staff;
using HelpAgency.Storage.Users;

namespace HelpAgency.Storage;

/// <summary>
/// A connection with one open transaction; the repositories are made on first use and share it. On SQLite a
/// writing unit is a savepoint in the writer's batch (see <see cref="SqliteWriter"/>): it holds the writer's
/// turn until it commits or ends, and its commit returns when the batch is durable. A SQLite read unit borrows one
/// of the database's readers and gives it back when it ends.
/// </summary>
internal sealed class UnitOfWork(DbSession session, SqliteWriteLease? lease, SqliteReaders? readers = null) : IUnitOfWork
{
    private UserRepository? _users;
    private ConversationRepository? _conversations;
    private InboxRepository? _inbox;
    private StaffRepository? _staff;
    private ProjectRepository? _projects;
    private CaseRepository? _cases;
    private CoordinationRepository? _coordination;
    private ServiceLedger? _ledger;
    private OutboxRepository? _outbox;
    private MissedQuestionLog? _missed;
    private CallbackLog? _callbacks;
    private bool _completed;
    private bool _disposed;

    public IUserRepository Users => _users ??= new UserRepository(session);

    public IConversationRepository Conversations => _conversations ??= new ConversationRepository(session);

    public IInboxRepository Inbox => _inbox ??= new InboxRepository(session);

    public IStaffRepository Staff => _staff ??= new StaffRepository(session);

    public IProjectRepository Projects => _projects ??= new ProjectRepository(session);

    public ICaseRepository Cases => _cases ??= new CaseRepository(session);

    public ICoordinationRepository Coordination => _coordination ??= new CoordinationRepository(session);

    public IServiceLedger Ledger => _ledger ??= new ServiceLedger(session);

    public IOutboxRepository Outbox => _outbox ??= new OutboxRepository(session);

    public IMissedQuestionLog MissedQuestions => _missed ??= new MissedQuestionLog(session);
    public ICallbackLog Callbacks => _callbacks ??= new CallbackLog(session);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        if (lease is not null)
        {
            // The writer's turn passes on at once; this returns when the batch holding the unit has committed.
            await lease.CommitAsync();
            return;
        }

        await session.Transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _completed = true;
        if (lease is not null)
        {
            // The batch owns the connection: an uncommitted unit only rolls back its savepoint.
            await lease.EndAsync();
            return;
        }

        if (readers is not null)
        {
            var reader = (CachingSqliteConnection)session.Connection;
            var reusable = false;
            try
            {
                await session.Transaction.DisposeAsync();
                // Reused only with its transaction over: SQLite back in autocommit.
                reusable = reader.Inner.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;
            }
            finally
            {
                await readers.ReturnAsync(reader, reusable);
            }

            return;
        }

        // Disposing an uncommitted transaction rolls it back.
        await session.Transaction.DisposeAsync();
        await session.Connection.DisposeAsync();
    }
}
