using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.IntegrationTests.Cases;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.Storage;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class PushTransactionTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_item_change_and_its_push_commit_together_or_not_at_all(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var caseId = (await f.OpenCaseAsync()).Case.Id;
        var operations = f.Operations;
        var before = await f.WorkAsync(CaseFixture.Supervisor, (work, _) => work.Outbox.ListAsync(null, 100, default));

        await using (var rolledBack = await f.Database.Units.BeginAsync(default))
        {
            await operations.Progress.UpdateItemAsync(new OperationContext(rolledBack, CaseFixture.AssistantEast, f.Now), caseId, "A1", ItemStatus.Submitted, null, null, default);
        }

        var none = await f.WorkAsync(CaseFixture.Supervisor, (work, _) => work.Outbox.ListAsync(null, 100, default));
        await f.WorkAsync(CaseFixture.AssistantEast, (_, ctx) => operations.Progress.UpdateItemAsync(ctx, caseId, "A1", ItemStatus.Submitted, null, null, default));
        var queued = await f.WorkAsync(CaseFixture.Supervisor, (work, _) => work.Outbox.ListAsync(null, 100, default));

        Assert.Equal(before.Select(m => m.Id), none.Select(m => m.Id));
        var push = Assert.Single(queued, m => !before.Any(b => b.Id == m.Id));
        Assert.Equal(CaseFixture.Contact.Id, push.Recipient);
        Assert.StartsWith($"item:{caseId}:A1:", push.IdempotencyKey, StringComparison.Ordinal);
        Assert.Contains("企业投资项目备案", push.Content, StringComparison.Ordinal);
    }
}
