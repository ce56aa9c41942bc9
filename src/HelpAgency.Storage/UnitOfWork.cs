using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Inbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Oversight;
using HelpAgency.Storage.Cases;
using HelpAgency.Storage.Callbacks;
using HelpAgency.Storage.Conversation;
using HelpAgency.Storage.Inbox;
using HelpAgency.Storage.Ledger;
using HelpAgency.Storage.Outbox;
using HelpAgency.Storage.Postgres;
using HelpAgency.Core.Outbox;
using HelpAgency.Storage.Projects;
using HelpAgency.Storage.Recognition;
using HelpAgency.Core.Recognition;
using HelpAgency.Storage.Staff;
using HelpAgency.Storage.Users;

namespace HelpAgency.Storage;

/// <summary>
/// One open transaction on its engine (see <see cref="IUnitTransaction"/>); the repositories are made on first use
/// and share it. On SQLite a writing unit is a savepoint in the writer's batch, whose commit returns when the batch
/// is durable, and a read unit borrows one of the database's readers; on PostgreSQL a unit has a connection of its own.
/// </summary>
internal sealed class UnitOfWork(IUnitTransaction transaction) : IUnitOfWork
{
    private readonly DbSession _session = transaction.Session;
    private readonly IdentityMap _map = new(transaction.Session.Provider);
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
    private CaseQueryRepository? _caseQueries;
    private ITurnStore? _turn;
    private bool _completed;
    private bool _disposed;

    public IUserRepository Users => _users ??= new UserRepository(_session, _map);

    public IConversationRepository Conversations => _conversations ??= new ConversationRepository(_session);

    public IInboxRepository Inbox => _inbox ??= new InboxRepository(_session);

    public IStaffRepository Staff => _staff ??= new StaffRepository(_session, _map);

    public IProjectRepository Projects => _projects ??= new ProjectRepository(_session, _map);

    public ICaseRepository Cases => _cases ??= new CaseRepository(_session, _map);

    public ICoordinationRepository Coordination => _coordination ??= new CoordinationRepository(_session);

    public IServiceLedger Ledger => _ledger ??= new ServiceLedger(_session);

    public IOutboxRepository Outbox => _outbox ??= new OutboxRepository(_session);

    public IMissedQuestionLog MissedQuestions => _missed ??= new MissedQuestionLog(_session);
    public ICallbackLog Callbacks => _callbacks ??= new CallbackLog(_session);

    public ICaseQueryRepository CaseQueries => _caseQueries ??= new CaseQueryRepository(_session);

    public ITurnStore Turn => _turn ??= _session.Provider == StorageProvider.Postgres ? new PostgresTurnStore(this) : new TurnStore(this);

    /// <summary>The connection and transaction the repositories share, for the storage's own reads outside the ports.</summary>
    internal DbSession Session => _session;

    /// <summary>The rows this unit has read, which its repositories look in first (<see cref="IdentityMap"/>).</summary>
    internal IdentityMap Map => _map;

    public Task CommitAsync(CancellationToken cancellationToken) => CommitAsync(transaction.CommitAsync, cancellationToken);

    /// <summary>Runs the unit's last write, one statement, and commits (<see cref="IUnitTransaction.CommitAfterAsync"/>).</summary>
    public Task CommitAfterAsync(Func<CancellationToken, Task> lastWrite, CancellationToken cancellationToken) =>
        CommitAsync(c => transaction.CommitAfterAsync(lastWrite, c), cancellationToken);

    /// <summary>Commits through <paramref name="commit"/>: the transaction's own commit, or a batch of the unit's last statements that ends with COMMIT.</summary>
    internal async Task CommitAsync(Func<CancellationToken, Task> commit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _completed = true;
        await commit(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _completed = true;
        await transaction.EndAsync();
    }
}
