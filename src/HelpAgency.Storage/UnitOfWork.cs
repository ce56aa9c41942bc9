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
using HelpAgency.Storage.Staff;
using HelpAgency.Storage.Users;

namespace HelpAgency.Storage;

/// <summary>
/// A connection with one open transaction; the repositories are made on first use and share it. On SQLite a
/// writing unit holds the process's writer turn until it commits or ends.
/// </summary>
internal sealed class UnitOfWork(DbSession session, SemaphoreSlim? writer) : IUnitOfWork
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
    private CallbackLog? _callbacks;
    private bool _completed;

    public IUserRepository Users => _users ??= new UserRepository(session);

    public IConversationRepository Conversations => _conversations ??= new ConversationRepository(session);

    public IInboxRepository Inbox => _inbox ??= new InboxRepository(session);

    public IStaffRepository Staff => _staff ??= new StaffRepository(session);

    public IProjectRepository Projects => _projects ??= new ProjectRepository(session);

    public ICaseRepository Cases => _cases ??= new CaseRepository(session);

    public ICoordinationRepository Coordination => _coordination ??= new CoordinationRepository(session);

    public IServiceLedger Ledger => _ledger ??= new ServiceLedger(session);

    public IOutboxRepository Outbox => _outbox ??= new OutboxRepository(session);
    public ICallbackLog Callbacks => _callbacks ??= new CallbackLog(session);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await session.Transaction.CommitAsync(cancellationToken);
        _completed = true;
        ReleaseWriter();
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted transaction rolls it back.
        await session.Transaction.DisposeAsync();
        await session.Connection.DisposeAsync();
        _completed = true;
        ReleaseWriter();
    }

    private void ReleaseWriter()
    {
        // Once: after the commit, the next writer need not wait for this unit's disposal.
        Interlocked.Exchange(ref writer, null)?.Release();
    }
}
