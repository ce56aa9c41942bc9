using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// A unit of work reads a case, its project, its contacts, a staff member or a user once and looks in what it read the
/// next time; its own writes are read back as written, another unit never sees what it kept, and on PostgreSQL a locking
/// read sees what another host committed after the unit's first read.
/// </summary>
public sealed class IdentityMapTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Fact]
    public async Task A_case_its_project_and_its_contact_check_read_again_in_the_same_unit_run_no_statement()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var (caseId, projectId) = await SeedAsync(database.Units);
        var log = database.Database.LogStatements();

        await using var work = await database.Units.BeginAsync(default);
        log.Drain();
        var cases = await work.Cases.OfContactAsync("zhang.san", default);
        var project = await work.Projects.FindAsync(projectId, default);
        var afterFirstReads = log.Drain();
        var again = await work.Cases.FindAsync(caseId, forUpdate: true, default);
        var projectAgain = await work.Projects.FindAsync(projectId, default);
        var contact = await work.Projects.IsCurrentContactAsync(projectId, "zhang.san", default);

        Assert.Equal(2, afterFirstReads.Count);
        Assert.Empty(log.Drain());
        Assert.Equal(Assert.Single(cases), again);
        Assert.Equal(project, projectAgain);
        Assert.True(contact);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_reads_back_its_own_writes_to_rows_it_had_read(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var (caseId, projectId) = await SeedAsync(database.Units);

        await using var work = await database.Units.BeginAsync(default);
        var serviceCase = (await work.Cases.FindAsync(caseId, forUpdate: true, default))!;
        Assert.Equal(["zhang.san"], (await work.Projects.ContactsAsync(projectId, includeHistory: true, default)).Select(c => c.UserId));
        Assert.True(await work.Projects.IsCurrentContactAsync(projectId, "zhang.san", default));
        Assert.False(await work.Projects.IsCurrentContactAsync(projectId, "li.si", default));
        Assert.Equal("王帮办", (await work.Staff.FindAsync("wang.assistant", default))!.Name);
        Assert.Equal(UserRole.Contact, (await work.Users.FindAsync("zhang.san", default))!.Role);

        await work.Cases.UpdateAsync(serviceCase with { Status = CaseStatus.InProgress }, default);
        await work.Projects.EndContactAsync(projectId, "zhang.san", Now, default);
        await work.Users.AddContactAsync("li.si", Now, default);
        await work.Projects.AddContactAsync(projectId, "li.si", "李四", "13912345678", Now, default);
        await work.Staff.UpsertAsync(Assistant with { Name = "王专员" }, Now, default);
        await work.Users.UpsertAsync(new AppUser("zhang.san", "张三", UserRole.Supervisor, Now), default);

        Assert.Equal(CaseStatus.InProgress, (await work.Cases.FindAsync(caseId, forUpdate: false, default))!.Status);
        Assert.Equal(["li.si"], (await work.Projects.ContactsAsync(projectId, includeHistory: false, default)).Select(c => c.UserId));
        Assert.False(await work.Projects.IsCurrentContactAsync(projectId, "zhang.san", default));
        Assert.True(await work.Projects.IsCurrentContactAsync(projectId, "li.si", default));
        Assert.Equal("王专员", (await work.Staff.FindAsync("wang.assistant", default))!.Name);
        Assert.Equal(UserRole.Supervisor, (await work.Users.FindAsync("zhang.san", default))!.Role);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_begun_after_another_committed_reads_the_committed_rows_not_what_the_other_kept(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var (caseId, _) = await SeedAsync(database.Units);

        await using (var first = await database.Units.BeginAsync(default))
        {
            var serviceCase = (await first.Cases.FindAsync(caseId, forUpdate: true, default))!;
            await first.Cases.UpdateAsync(serviceCase with { AssistantId = null }, default);
            await first.CommitAsync(default);
        }

        await using var reader = await database.Units.BeginReadAsync(default);
        Assert.Null((await reader.Cases.FindAsync(caseId, forUpdate: false, default))!.AssistantId);
    }

    [PostgresFact]
    public async Task On_PostgreSQL_a_locking_read_sees_what_another_host_committed_since_the_unit_first_read_the_case_and_its_project()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        var (caseId, projectId) = await SeedAsync(database.Units);

        await using var work = await database.Units.BeginAsync(default);
        Assert.Equal(CaseStatus.Accepted, (await work.Cases.FindAsync(caseId, forUpdate: false, default))!.Status);
        Assert.Equal("光谷智造园", (await work.Projects.FindAsync(projectId, default))!.Name);
        await using (var otherHost = await database.Database.OpenAsync(default))
        {
            await otherHost.ExecuteAsync("UPDATE cases SET status = 'in_progress' WHERE id = @caseId", new { caseId });
            await otherHost.ExecuteAsync("UPDATE projects SET name = '光谷智造园二期' WHERE id = @projectId", new { projectId });
        }

        Assert.Equal(CaseStatus.InProgress, (await work.Cases.FindAsync(caseId, forUpdate: true, default))!.Status);
        Assert.Equal("光谷智造园二期", (await work.Projects.FindAsync(projectId, default))!.Name);
    }

    private static readonly StaffMember Assistant = new("wang.assistant", "王帮办", UserRole.Assistant, "13800000001", ["光谷生物城"], OnDuty: true);

    /// <summary>A project with its contact zhang.san and a case assigned to wang.assistant.</summary>
    private static async Task<(long CaseId, long ProjectId)> SeedAsync(IUnitOfWorkFactory units)
    {
        await using var work = await units.BeginAsync(default);
        await work.Staff.UpsertAsync(Assistant, Now, default);
        await work.Users.AddContactAsync("zhang.san", Now, default);
        var projectId = await work.Projects.AddAsync(new Project(0, "光谷智造园", "武汉光谷智造有限公司", "91420100MA4K8LT2XN", "social_filing", "光谷生物城", false, false, Now), default);
        await work.Projects.AddContactAsync(projectId, "zhang.san", "张三", "13912340000", Now, default);
        var caseId = await work.Cases.AddAsync(new ServiceCase(0, projectId, CaseStatus.Accepted, Assistant.UserId, Now), default);
        await work.CommitAsync(default);
        return (caseId, projectId);
    }
}
