using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace HelpAgency.Tests.Cases;

/// <summary>
/// One project with one open case (42, two items not started, assistant 李帮办), three staff and the repository's
/// replies.yaml, kept in memory behind a substitute unit of work: what the case operations store, log and queue is
/// read back from <see cref="Case"/>, <see cref="Items"/>, <see cref="Ledger"/> and <see cref="Outbox"/>.
/// </summary>
internal sealed class CaseWorld
{
    public const string CatalogYaml = """
        notice: test catalog
        stages:
          - {code: land, name: 立项用地规划许可, order: 1}
        departments:
          - {code: drc, name: 发展改革局}
        project_types:
          - {code: social_filing, name: 社会投资备案}
        items:
          - {code: A1, name: 企业投资项目备案, stage: land, department: drc, statutory_days: 5, promised_days: 2, mode: online,
             project_types: [social_filing], materials: [{name: 备案登记表, required: true}, {name: 项目简介, required: false}]}
          - {code: A2, name: 建设用地规划许可证核发, stage: land, department: drc, statutory_days: 10, promised_days: 5, mode: window,
             requires: [A1], project_types: [social_filing], materials: [{name: 申请表, required: true}]}
        """;

    /// <summary>A Wednesday morning in Wuhan, inside the hours pushes go out.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly AppUser Supervisor = new("sup", "督导王", UserRole.Supervisor, Now);
    public static readonly AppUser Assistant = new("asst-1", "李帮办", UserRole.Assistant, Now);
    public static readonly AppUser OtherAssistant = new("asst-2", "赵帮办", UserRole.Assistant, Now);
    public static readonly AppUser Contact = new("contact-1", "contact-1", UserRole.Contact, Now);
    public static readonly AppUser Stranger = new("contact-9", "contact-9", UserRole.Contact, Now);

    private readonly List<StaffMember> _staff =
    [
        new(Supervisor.Id, Supervisor.DisplayName, UserRole.Supervisor, "02787000000", [], true),
        new(Assistant.Id, Assistant.DisplayName, UserRole.Assistant, "13800000001", ["光谷生物城"], true),
        new(OtherAssistant.Id, OtherAssistant.DisplayName, UserRole.Assistant, "13800000002", ["光谷软件园"], true),
    ];

    private readonly List<ProjectContact> _contacts = [new(1, 7, Contact.Id, "张三", "13912345678", Now.AddDays(-3), null)];

    public CaseWorld()
    {
        Catalog = ApprovalCatalogLoader.Parse(CatalogYaml, "test-catalog.yaml");
        Replies = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));
        Operations = CaseOperations.Create(Catalog, new CasePlanCalculator(Catalog, WorkingDayCalendar.WeekdaysOnly), Replies,
            new TransactionalOutbox(Options.Create(new PushOptions())));
        Project = new Project(7, "光谷智造园", "武汉光谷智造有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷生物城", false, false, Now.AddDays(-3));
        Case = new ServiceCase(42, 7, CaseStatus.Accepted, Assistant.Id, Now.AddDays(-3));
        Items =
        [
            new CaseItem(42, "A1", 1, ItemStatus.NotStarted, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24), Now.AddDays(-3)),
            new CaseItem(42, "A2", 2, ItemStatus.NotStarted, new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 1), Now.AddDays(-3)),
        ];
        Work = Substitute.For<IUnitOfWork>();
        WireCases(Work.Cases);
        WireProjects(Work.Projects);
        WireCoordination(Work.Coordination);
        Work.Staff.ListAsync(Arg.Any<UserRole?>(), Arg.Any<CancellationToken>())
            .Returns(ci => (IReadOnlyList<StaffMember>)_staff.Where(s => ci.Arg<UserRole?>() is not { } role || s.Role == role).ToList());
        Work.Staff.FindAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(ci => _staff.FirstOrDefault(s => s.UserId == ci.Arg<string>()));
        Work.Users.GetOrAddContactAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci => new AppUser(ci.Arg<string>(), ci.Arg<string>(), UserRole.Contact, Now));
        Work.Ledger.AppendAsync(Arg.Any<AppUser>(), Arg.Any<NewLedgerEntry>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci =>
            {
                Ledger.Add(ci.Arg<NewLedgerEntry>());
                return (long)(900 + Ledger.Count);
            });
        Work.Ledger.AppendAsync(Arg.Any<AppUser>(), Arg.Any<IReadOnlyList<NewLedgerEntry>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci =>
            {
                var ids = new List<long>();
                foreach (var entry in ci.Arg<IReadOnlyList<NewLedgerEntry>>())
                {
                    Ledger.Add(entry);
                    ids.Add(900 + Ledger.Count);
                }

                return (IReadOnlyList<long>)ids;
            });
        Work.Outbox.EnqueueAsync(Arg.Any<OutboxMessage>(), Arg.Any<CancellationToken>())
            .Returns(ci =>
            {
                var message = ci.Arg<OutboxMessage>();
                if (Outbox.Any(m => m.IdempotencyKey == message.IdempotencyKey))
                {
                    return false;
                }

                Outbox.Add(message);
                return true;
            });
    }

    public ApprovalCatalog Catalog { get; }

    public ReplyTemplates Replies { get; }

    public CaseOperations Operations { get; }

    public IUnitOfWork Work { get; }

    public Project Project { get; private set; }

    public ServiceCase Case { get; set; }

    public List<CaseItem> Items { get; }

    public List<CaseEvaluation> Evaluations { get; } = [];

    public List<CoordinationIssue> Issues { get; } = [];

    public List<Meeting> Meetings { get; } = [];

    public List<NewLedgerEntry> Ledger { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    /// <summary>Another project and case that <see cref="Intake"/> opened, if any.</summary>
    public List<ServiceCase> Opened { get; } = [];

    public OperationContext As(AppUser actor) => new(Work, actor, Now);

    /// <summary>The queued pushes to <paramref name="recipient"/>.</summary>
    public List<OutboxMessage> PushesTo(string recipient) => Outbox.Where(m => m.Recipient == recipient).ToList();

    private void WireCases(ICaseRepository cases)
    {
        cases.FindAsync(Arg.Any<long>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(ci => ci.Arg<long>() == Case.Id ? Case : Opened.FirstOrDefault(c => c.Id == ci.Arg<long>()));
        cases.When(c => c.UpdateAsync(Arg.Any<ServiceCase>(), Arg.Any<CancellationToken>())).Do(ci => Case = ci.Arg<ServiceCase>());
        cases.ItemsAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => (IReadOnlyList<CaseItem>)Items.Where(i => i.CaseId == ci.Arg<long>()).ToList());
        cases.When(c => c.UpdateItemAsync(Arg.Any<CaseItem>(), Arg.Any<CancellationToken>())).Do(ci =>
        {
            var item = ci.Arg<CaseItem>();
            Items[Items.FindIndex(i => i.CaseId == item.CaseId && i.ItemCode == item.ItemCode)] = item;
        });
        cases.When(c => c.AddItemsAsync(Arg.Any<IEnumerable<CaseItem>>(), Arg.Any<CancellationToken>())).Do(ci => Items.AddRange(ci.Arg<IEnumerable<CaseItem>>()));
        cases.AddAsync(Arg.Any<ServiceCase>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            Opened.Add(ci.Arg<ServiceCase>() with { Id = 43 });
            return 43L;
        });
        cases.OpenCaseCountsAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns(new Dictionary<string, int> { [Assistant.Id] = 1 });
        cases.OfProjectAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => (IReadOnlyList<ServiceCase>)(ci.Arg<long>() == Project.Id ? [Case] : []));
        cases.OfContactAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(ci => (IReadOnlyList<ServiceCase>)(ci.Arg<string>() == Contact.Id ? [Case] : []));
        cases.OfAssistantAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(ci => (IReadOnlyList<ServiceCase>)(ci.Arg<string>() == Case.AssistantId ? [Case] : []));
        cases.ChecksAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns((IReadOnlyList<MaterialCheck>)[]);
        cases.AddEvaluationAsync(Arg.Any<CaseEvaluation>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            Evaluations.Add(ci.Arg<CaseEvaluation>() with { Id = Evaluations.Count + 1 });
            return (long)Evaluations.Count;
        });
        cases.EvaluationsAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => (IReadOnlyList<CaseEvaluation>)Evaluations.ToList());
    }

    private void WireProjects(IProjectRepository projects)
    {
        projects.FindAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => ci.Arg<long>() == Project.Id ? Project : null);
        projects.AddAsync(Arg.Any<Project>(), Arg.Any<CancellationToken>()).Returns(8L);
        projects.ContactsAsync(Arg.Any<long>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(ci => (IReadOnlyList<ProjectContact>)_contacts.Where(c => c.ProjectId == ci.Arg<long>()).ToList());
        projects.IsCurrentContactAsync(Arg.Any<long>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(ci => _contacts.Any(c => c.ProjectId == ci.Arg<long>() && c.UserId == ci.Arg<string>() && c.Until is null));
        projects.AddContactAsync(Arg.Any<long>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci =>
            {
                _contacts.Add(new ProjectContact(_contacts.Count + 1, ci.ArgAt<long>(0), ci.ArgAt<string>(1), ci.ArgAt<string>(2), ci.ArgAt<string>(3), Now, null));
                return (long)_contacts.Count;
            });
    }

    private void WireCoordination(ICoordinationRepository coordination)
    {
        coordination.AddIssueAsync(Arg.Any<CoordinationIssue>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            Issues.Add(ci.Arg<CoordinationIssue>() with { Id = Issues.Count + 1 });
            return (long)Issues.Count;
        });
        coordination.FindIssueAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => Issues.FirstOrDefault(i => i.Id == ci.Arg<long>()));
        coordination.AddMeetingAsync(Arg.Any<Meeting>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            Meetings.Add(ci.Arg<Meeting>() with { Id = Meetings.Count + 1 });
            return (long)Meetings.Count;
        });
        coordination.When(c => c.UpdateMeetingAsync(Arg.Any<Meeting>(), Arg.Any<CancellationToken>())).Do(ci =>
        {
            var meeting = ci.Arg<Meeting>();
            Meetings[Meetings.FindIndex(m => m.Id == meeting.Id)] = meeting;
        });
        coordination.FindMeetingAsync(Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(ci => Meetings.FirstOrDefault(m => m.Id == ci.Arg<long>()));
    }
}
