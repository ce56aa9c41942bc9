using BenchmarkDotNet.Attributes;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Inbox;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Benchmarks.Dialogs;

/// <summary>
/// One recognised and answered turn without the database: recognition alone, and recognition plus the
/// dialog step (start the 如何办 flow, fill the item from the message, answer from the catalog).
/// Run: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*TurnBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly AppUser _user = new("bench-user", "bench-user", UserRole.Contact, Now);
    private readonly Activity _question = Activity.Message("local", "bench-user", "施工许可证需要什么材料");
    private IntentRecognizer _recognizer = null!;
    private KnowledgeIndex _knowledge = null!;
    private ConditionAnswerer _conditions = null!;
    private DialogBot _bot = null!;
    private NoDatabase _work = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dialogs = Path.Combine(RepositoryRoot.Find(), "dialogs");
        var catalog = ApprovalCatalog.Load(Path.Combine(dialogs, "catalog.yaml"));
        var calendar = WorkingDayCalendar.Load(Path.Combine(dialogs, "holidays.yaml"));
        var replies = ReplyTemplates.Load(Path.Combine(dialogs, ReplyTemplates.FileName));
        _recognizer = new IntentRecognizer(RecognitionContent.Load(dialogs, Path.Combine(dialogs, "catalog.yaml")), TimeProvider.System);
        var content = new DialogContent(FlowLoader.Load(Path.Combine(dialogs, FlowLoader.Folder)), SlotValidators.All(),
            DialogActions.All(), replies, ReplyTemplates.FileName);
        var services = new DialogServices(replies, catalog, calendar, BenchmarkOperations.Create(RepositoryRoot.Find(), catalog, calendar),
            new TransactionalOutbox(Microsoft.Extensions.Options.Options.Create(new PushOptions())), BotSettings.Load(Path.Combine(dialogs, BotSettings.FileName)));
        var codes = CatalogCodes.From(RecognitionContent.Load(dialogs, Path.Combine(dialogs, "catalog.yaml")).Gazetteer);
        _knowledge = new KnowledgeIndex(KnowledgeBase.Load(Path.Combine(dialogs, KnowledgeBase.Folder), codes), _recognizer.Gazetteer, _recognizer.Settings);
        _conditions = new ConditionAnswerer(ConditionSet.Load(Path.Combine(dialogs, ConditionSet.FileName), codes), _recognizer.Gazetteer, _recognizer.Settings);
        _bot = new DialogBot(_recognizer, content, services, _knowledge, _conditions);
        _work = new NoDatabase();
    }

    [Benchmark]
    public RecognitionResult Recognize() => _recognizer.Recognize("施工许可证需要什么材料", RecognitionContext.None);

    /// <summary>What a message costs to understand: intents, entities, the knowledge base's search and the conditions' match.</summary>
    [Benchmark]
    public object? RecognizeWithRetrieval()
    {
        const string text = "施工证领了快三个月了还开不了工，能往后延吗";
        var recognition = _recognizer.Recognize(text, RecognitionContext.None);
        var hits = _knowledge.Search(text);
        return _conditions.Match(text, recognition, hits.Count > 0 ? hits[0].Score : 0) as object ?? KnowledgeRouter.Decide(recognition, hits, _recognizer.Settings);
    }

    /// <summary>The knowledge base's search alone (normalisation, names, jieba words, the inverted index).</summary>
    [Benchmark]
    public int SearchKnowledge() => _knowledge.Search("施工证领了快三个月了还开不了工，能往后延吗").Count;

    [Benchmark]
    public async Task<int> RecognizeAndAnswer()
    {
        var turn = new TurnContext(_question, _user, ConversationState.Empty(_user.Id), _work, Now);
        await _bot.OnTurnAsync(turn, CancellationToken.None);
        return turn.Replies.Count;
    }

    /// <summary>A unit of work for a user with no projects; anything else would be a database call the benchmark must not make.</summary>
    private sealed class NoDatabase : IUnitOfWork, IProjectRepository
    {
        public IUserRepository Users => throw new NotSupportedException();

        public IConversationRepository Conversations => throw new NotSupportedException();

        public IInboxRepository Inbox => throw new NotSupportedException();

        public IStaffRepository Staff => throw new NotSupportedException();

        public IProjectRepository Projects => this;

        public ICaseRepository Cases => throw new NotSupportedException();

        public ICoordinationRepository Coordination => throw new NotSupportedException();

        public IServiceLedger Ledger => throw new NotSupportedException();

        public IOutboxRepository Outbox => throw new NotSupportedException();

        public HelpAgency.Core.Callbacks.ICallbackLog Callbacks => throw new NotSupportedException();

        public IMissedQuestionLog MissedQuestions => throw new NotSupportedException();

        public HelpAgency.Core.Oversight.ICaseQueryRepository CaseQueries => throw new NotSupportedException();

        public ITurnStore Turn => throw new NotSupportedException();

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public Task<IReadOnlyList<Project>> OfContactAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Project>>([]);

        public Task<IReadOnlyList<string>> NamesOfContactAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<string>> NamesWithOpenCasesAsync(string? assistantId, int cases, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<OpenCaseOfUnit>> OpenCasesOfUnitAsync(string creditCode, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<OpenCaseOfUnit>>([]);

        public Task<long> AddAsync(Project project, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Project?> FindAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> AddContactAsync(long projectId, string userId, string name, string phone, DateTimeOffset since, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> EndContactAsync(long projectId, string userId, DateTimeOffset until, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ProjectContact>> ContactsAsync(long projectId, bool includeHistory, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> IsCurrentContactAsync(long projectId, string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
