using HelpAgency.Core.Cases;
using HelpAgency.Core.Users;
using HelpAgency.IntegrationTests.Storage;
using static HelpAgency.IntegrationTests.Cases.CaseFixture;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>Three roles × their own and another's case, enforced inside the case operations on each engine.</summary>
public sealed class AuthorizationTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Each_role_sees_and_changes_only_what_it_may(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var own = (await f.OpenCaseAsync(Contact, park: "光谷生物城")).Case.Id;     // contact-1, asst-east
        var other = (await f.OpenCaseAsync(OtherContact, park: "光谷软件园")).Case.Id; // contact-2, asst-west

        // Contact: reads own, not other's; cannot change items.
        await f.RunAsync(Contact, (ops, ctx) => ops.Reader.GetAsync(ctx, own, default));
        await AssertForbidden(f, Contact, (ops, ctx) => ops.Reader.GetAsync(ctx, other, default));
        await AssertForbidden(f, Contact, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, own, "A1", ItemStatus.Preparing, null, null, default));
        await AssertForbidden(f, Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, other, 5, null, default));
        Assert.Equal([own], (await f.RunAsync(Contact, (ops, ctx) => ops.Reader.VisibleCasesAsync(ctx, false, default))).Select(c => c.Id));

        // Assistant: reads and changes the cases assigned to them only; cannot reassign.
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, own, "A1", ItemStatus.Preparing, null, null, default));
        await AssertForbidden(f, AssistantEast, (ops, ctx) => ops.Reader.GetAsync(ctx, other, default));
        await AssertForbidden(f, AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, other, "A1", ItemStatus.Preparing, null, null, default));
        await AssertForbidden(f, AssistantEast, (ops, ctx) => ops.Supervision.ReassignAsync(ctx, own, AssistantWest.Id, default));
        await AssertForbidden(f, AssistantEast, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, own, 5, null, default));
        Assert.Equal([own], (await f.RunAsync(AssistantEast, (ops, ctx) => ops.Reader.VisibleCasesAsync(ctx, false, default))).Select(c => c.Id));

        // Supervisor: sees all, reassigns; after that the old assistant is locked out and the new one is in.
        Assert.Equal(2, (await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.VisibleCasesAsync(ctx, false, default))).Count);
        await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.GetAsync(ctx, other, default));
        await f.RunAsync(Supervisor, (ops, ctx) => ops.Supervision.ReassignAsync(ctx, own, AssistantWest.Id, default));
        await AssertForbidden(f, AssistantEast, (ops, ctx) => ops.Reader.GetAsync(ctx, own, default));
        await f.RunAsync(AssistantWest, (ops, ctx) => ops.Reader.GetAsync(ctx, own, default));

        // Every staff read is in the access log; contacts' reads are not.
        var reads = await f.WorkAsync(Supervisor, (work, _) => CountAccessAsync(f, work));
        Assert.Equal(4, reads); // east's list, the supervisor's list and read, west's read; refused reads roll back
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_missing_case_is_not_found_for_everyone(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        foreach (var actor in new[] { Contact, AssistantEast, Supervisor })
        {
            var error = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(actor, (ops, ctx) => ops.Reader.GetAsync(ctx, 999, default)));
            Assert.Equal(CaseError.NotFound, error.Error);
        }
    }

    private static async Task AssertForbidden<T>(CaseFixture f, AppUser actor, Func<CaseOperations, Core.Cases.OperationContext, Task<T>> operation)
    {
        var error = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(actor, operation));
        Assert.Equal(CaseError.Forbidden, error.Error);
    }

    private static async Task<long> CountAccessAsync(CaseFixture f, Core.Persistence.IUnitOfWork work)
    {
        _ = work;
        await using var connection = await f.Database.Database.OpenAsync(default);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM access_log");
    }
}
