using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.IntegrationTests.Storage;
using static HelpAgency.IntegrationTests.Cases.CaseFixture;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>
/// 未评价终止 through the case operations, on each engine: the evaluation asked for, the wait of ten working days, and a
/// supervisor ending a case whose contacts stayed silent.
/// </summary>
public sealed class UnansweredEvaluationTests
{
    public static TheoryData<string> Engines => TestDatabase.Engines();

    // Asked on Wednesday 2026-11-25, ten working days (Monday to Friday in the fixture) run to Wednesday 2026-12-09.
    private static readonly DateTimeOffset WaitOver = Start.AddDays(14);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_supervisor_ends_a_case_whose_contacts_gave_no_evaluation_ten_working_days_after_it_was_asked_for(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        var ledgerBefore = (await LedgerAsync(f, id)).Count;

        Assert.Contains("还没有请项目单位填写服务评价", (await RefusedAsync(f, Supervisor, id)).Message);
        var wait = await f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default));
        Assert.Equal(new DateOnly(2026, 11, 25), wait.RequestedOn);
        Assert.Equal(new DateOnly(2026, 12, 9), wait.TerminableFrom);

        f.Now = WaitOver.AddDays(-1);
        var early = await RefusedAsync(f, Supervisor, id);
        Assert.Equal(CaseError.Conflict, early.Error);
        Assert.Contains("满10个工作日（12月9日）", early.Message);
        // Asking again on a later day keeps the wait counted from the first request.
        Assert.Equal(wait, await f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default)));

        f.Now = WaitOver;
        Assert.Equal(CaseError.Forbidden, (await RefusedAsync(f, AssistantEast, id)).Error);
        Assert.Equal(CaseError.Invalid, (await RefusedAsync(f, Supervisor, id, reason: "  ")).Error);
        Assert.Equal(ledgerBefore + 2, (await LedgerAsync(f, id)).Count); // the two requests, none of the refusals
        var terminated = await f.RunAsync(Supervisor, (ops, ctx) => ops.Closing.TerminateUnansweredAsync(ctx, id, "企业一直未回复", default));

        Assert.Equal(CaseStatus.Terminated, terminated.Status);
        Assert.Equal("企业一直未回复", terminated.TerminationReason);
        var end = (await LedgerAsync(f, id))[^1];
        Assert.Equal(("case_terminated", Supervisor.Id), (end.Action, end.ActorId));
        using (var details = JsonDocument.Parse(end.Details))
        {
            Assert.Equal("企业一直未回复", details.RootElement.GetProperty("reason").GetString());
            Assert.Equal("2026-11-25", details.RootElement.GetProperty("evaluation_requested").GetString());
            Assert.Equal(10, details.RootElement.GetProperty("working_days").GetInt32());
        }

        var outbox = await f.WorkAsync(Supervisor, (work, _) => work.Outbox.ListAsync(null, 100, default));
        Assert.Equal(2, outbox.Count(m => m.Recipient == Contact.Id && m.Content.Contains("请回复“评价”", StringComparison.Ordinal)));
        Assert.Single(outbox, m => m.Recipient == AssistantEast.Id && m.Content.Contains("帮办终止", StringComparison.Ordinal) && m.Content.Contains("企业一直未回复", StringComparison.Ordinal));
        Assert.Single(outbox, m => m.Recipient == Contact.Id && m.Content.Contains("帮办服务已终止", StringComparison.Ordinal) && m.Content.Contains("11月25日", StringComparison.Ordinal));
        Assert.Equal(CaseError.Conflict, (await RefusedAsync(f, Supervisor, id)).Error);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_evaluated_case_is_neither_asked_again_nor_ended_as_unanswered(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default));
        await f.RunAsync(Contact, (ops, ctx) => ops.Closing.EvaluateAsync(ctx, id, 3, null, default));
        f.Now = WaitOver;

        var asked = await Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default)));
        var ended = await RefusedAsync(f, Supervisor, id);

        Assert.Contains("已填写服务评价", asked.Message);
        Assert.Contains("已填写服务评价", ended.Message);
        Assert.Equal(CaseStatus.Accepted, (await f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.GetAsync(ctx, id, default))).Case.Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_last_item_done_asks_for_the_evaluation_and_starts_the_wait(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var id = (await f.OpenCaseAsync()).Case.Id;

        foreach (var item in new[] { "A1", "A2", "B1" })
        {
            await f.RunAsync(AssistantEast, (ops, ctx) => ops.Progress.UpdateItemAsync(ctx, id, item, ItemStatus.NotApplicable, null, "已自行办理", default));
        }

        var ledger = await LedgerAsync(f, id);
        Assert.Equal(["item_status", "evaluation_requested"], ledger.TakeLast(2).Select(e => e.Action));
        Assert.Equal(1, ledger.Count(e => e.Action == "evaluation_requested"));
        f.Now = WaitOver;
        var terminated = await f.RunAsync(Supervisor, (ops, ctx) => ops.Closing.TerminateUnansweredAsync(ctx, id, "企业失联", default));
        Assert.Equal(CaseStatus.Terminated, terminated.Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_request_sent_before_the_current_contact_took_over_does_not_count(string engine)
    {
        await using var f = await CaseFixture.CreateAsync(engine);
        var opened = await f.OpenCaseAsync();
        var id = opened.Case.Id;
        await f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default));
        f.Now = Start.AddDays(1);
        await f.RunAsync(Contact, async (ops, ctx) =>
        {
            await ops.Intake.ReplaceContactAsync(ctx, opened.Project.Id, Contact.Id, new NewContact(OtherContact.Id, "李四", "13700000000"), default);
            return 0;
        });

        f.Now = WaitOver;
        Assert.Contains("还没有请项目单位填写服务评价", (await RefusedAsync(f, Supervisor, id)).Message);
        var wait = await f.RunAsync(AssistantEast, (ops, ctx) => ops.Closing.RequestEvaluationAsync(ctx, id, default));
        Assert.Equal(new DateOnly(2026, 12, 9), wait.RequestedOn);
        Assert.Equal(new DateOnly(2026, 12, 23), wait.TerminableFrom);
    }

    private static Task<CaseOperationException> RefusedAsync(CaseFixture f, Core.Users.AppUser actor, long id, string reason = "企业一直未回复") =>
        Assert.ThrowsAsync<CaseOperationException>(() => f.RunAsync(actor, (ops, ctx) => ops.Closing.TerminateUnansweredAsync(ctx, id, reason, default)));

    private static Task<IReadOnlyList<Core.Ledger.LedgerEntry>> LedgerAsync(CaseFixture f, long id) =>
        f.RunAsync(Supervisor, (ops, ctx) => ops.Reader.LedgerAsync(ctx, id, default));
}
