using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.Storage;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>
/// A database on one engine with a small, fixed catalog and three staff, and helpers to run case
/// operations as a given user, each in its own committed transaction as a turn or a request would.
/// The operations queue their pushes in the same transaction, worded by the repository's replies.yaml.
/// </summary>
public sealed class CaseFixture : IAsyncDisposable
{
    public const string CatalogYaml = """
        notice: test catalog
        stages:
          - {code: land, name: 立项用地规划许可, order: 1}
          - {code: build, name: 施工许可, order: 2}
        departments:
          - {code: drc, name: 发展改革局}
          - code: housing
            name: 建设局
            aliases: [住建局]
            contacts: [{name: 张工, user_id: housing-rep}, {name: 李工, user_id: housing-rep-2}]
        project_types:
          - {code: social_filing, name: 社会投资备案}
          - {code: key, name: 重点项目, overlay: true}
        items:
          - code: A1
            name: 企业投资项目备案
            stage: land
            department: drc
            statutory_days: 5
            promised_days: 2
            mode: online
            project_types: [social_filing]
            materials:
              - {name: 备案登记表, required: true}
              - {name: 营业执照, required: true}
              - {name: 项目简介, required: false}
          - code: A2
            name: 建设用地规划许可证核发
            stage: land
            department: drc
            statutory_days: 10
            promised_days: 5
            mode: window
            requires: [A1]
            project_types: [social_filing]
            materials:
              - {name: 申请表, required: true}
          - code: B1
            name: 建筑工程施工许可证核发
            stage: build
            department: housing
            statutory_days: 7
            promised_days: 3
            mode: online
            requires: [A2]
            project_types: [social_filing]
            materials:
              - {name: 施工合同, required: true}
        """;

    /// <summary>A real-format code with a correct GB 32100 check character.</summary>
    public const string CreditCode = "91420100MA4K8LT2XN";

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private CaseFixture(TestDatabase database)
    {
        Database = database;
        Catalog = ApprovalCatalogLoader.Parse(CatalogYaml, "test-catalog.yaml");
        Operations = CaseOperations.Create(Catalog, new CasePlanCalculator(Catalog, WorkingDayCalendar.WeekdaysOnly),
            ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)), new TransactionalOutbox(Options.Create(new PushOptions())));
    }

    public TestDatabase Database { get; }

    public ApprovalCatalog Catalog { get; }

    public CaseOperations Operations { get; }

    public DateTimeOffset Now { get; set; } = Start;

    public static readonly AppUser Supervisor = new("sup", "督导王", UserRole.Supervisor, Start);
    public static readonly AppUser AssistantEast = new("asst-east", "帮办李", UserRole.Assistant, Start);
    public static readonly AppUser AssistantWest = new("asst-west", "帮办赵", UserRole.Assistant, Start);
    public static readonly AppUser Contact = new("contact-1", "contact-1", UserRole.Contact, Start);
    public static readonly AppUser OtherContact = new("contact-2", "contact-2", UserRole.Contact, Start);

    public static async Task<CaseFixture> CreateAsync(string engine)
    {
        var fixture = new CaseFixture(await TestDatabase.CreateAsync(engine));
        await fixture.WorkAsync(Supervisor, async (work, _) =>
        {
            await work.Staff.UpsertAsync(new StaffMember(Supervisor.Id, Supervisor.DisplayName, UserRole.Supervisor, "02787000000", [], true), Start, default);
            await work.Staff.UpsertAsync(new StaffMember(AssistantEast.Id, AssistantEast.DisplayName, UserRole.Assistant, "13800000001", ["光谷生物城"], true), Start, default);
            await work.Staff.UpsertAsync(new StaffMember(AssistantWest.Id, AssistantWest.DisplayName, UserRole.Assistant, "13800000002", ["光谷软件园"], true), Start, default);
            return 0;
        });
        return fixture;
    }

    /// <summary>The contact's agreement to the 委托 terms, without which no application opens a case.</summary>
    public static readonly AgreedInChat Agreed = new(Start, "1. 帮办代办服务免费");

    public static ServiceApplication Application(string park = "光谷生物城", string name = "光谷智造园") =>
        new(name, "武汉光谷智造有限公司", CreditCode, "social_filing", park, "张三", "13912345678", Agreement: Agreed);

    /// <summary>Runs an operation as <paramref name="actor"/> in one transaction, committed only when it succeeds.</summary>
    public async Task<T> WorkAsync<T>(AppUser actor, Func<IUnitOfWork, OperationContext, Task<T>> operation)
    {
        await using var work = await Database.Units.BeginAsync(default);
        var result = await operation(work, new OperationContext(work, actor, Now));
        await work.CommitAsync(default);
        return result;
    }

    public Task<T> RunAsync<T>(AppUser actor, Func<CaseOperations, OperationContext, Task<T>> operation) =>
        WorkAsync(actor, (_, context) => operation(Operations, context));

    public async Task<CaseDetails> OpenCaseAsync(AppUser? contact = null, string park = "光谷生物城") =>
        await RunAsync(contact ?? Contact, (ops, ctx) => ops.Intake.ApplyAsync(ctx, Application(park), default));

    /// <summary>Opens <paramref name="count"/> cases of <see cref="Contact"/>'s, each in its own transaction, and returns their ids.</summary>
    public async Task<List<long>> OpenCasesAsync(int count, string park = "光谷生物城")
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await OpenCaseAsync(park: park)).Case.Id);
        }

        return ids;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
