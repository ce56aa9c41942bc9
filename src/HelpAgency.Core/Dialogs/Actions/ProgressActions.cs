using HelpAgency.Core.Cases;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>更新进度: an assistant moves an item of a case.</summary>
internal sealed class UpdateProgressAction : IDialogAction
{
    public string Name => "update_progress";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var status = StoredNames.ParseStored<ItemStatus>(turn.Slot("status")!);
        await turn.Services.Cases.Progress.UpdateItemAsync(turn.Operation, CaseId(turn), turn.Slot("item")!, status, turn.Slot("certificate"), turn.Slot("correction"), cancellationToken);
        turn.Say("progress_updated", new Dictionary<string, string> { ["item"] = turn.Slot("item:display")!, ["status"] = turn.Services.Replies.Label(status), ["case"] = turn.Slot("case:display")! });
    });
}

/// <summary>记录服务: a free-text service record on a case.</summary>
internal sealed class LogServiceAction : IDialogAction
{
    public string Name => "log_service";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        await turn.Services.Cases.Progress.LogServiceAsync(turn.Operation, CaseId(turn), turn.Slot("note")!, null, cancellationToken);
        turn.Say("service_logged", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")! });
    });
}

/// <summary>
/// 我的待办: everything waiting on the staff member. Their open cases, each with what is left, what is overdue, a
/// hand-off or complaint no staff member has acted on since (no staff entry in the ledger after it but a
/// reassignment or a 督办), and a low
/// latest evaluation; then their coming visits (bookings) and their open follow-up actions from meetings.
/// </summary>
internal sealed class MyTasksAction : IDialogAction
{
    /// <summary>The most cases listed; the rest are in the console.</summary>
    private const int MaxCases = 20;

    /// <summary>The most visits and follow-up actions listed.</summary>
    private const int MaxOthers = 10;

    public string Name => "my_tasks";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var work = turn.Turn.Work;
        var me = turn.Turn.User.Id;
        var cases = await services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        var visits = (await work.Coordination.VisitsOfAsync(me, cancellationToken))
            .Where(v => v.AssistantId == me && v.StartsAt >= turn.Now && v.Status is VisitStatus.Requested or VisitStatus.Confirmed)
            .Take(MaxOthers).ToList();
        var actions = await work.Coordination.OpenActionsOfAsync(me, MaxOthers, cancellationToken);
        if (cases.Count == 0 && visits.Count == 0 && actions.Count == 0)
        {
            turn.Say("no_case_staff");
            return ActionResult.Next;
        }

        var today = ChinaTime.Today(turn.Now);
        var lines = new List<string>();
        if (cases.Count > 0)
        {
            lines.Add(Render(turn, "my_tasks_head", ("count", Count(cases.Count))));
        }

        foreach (var c in cases.Take(MaxCases))
        {
            var project = await work.Projects.FindAsync(c.ProjectId, cancellationToken);
            var items = await work.Cases.ItemsAsync(c.Id, cancellationToken);
            var overdue = items.Where(i => i.IsOverdueOn(today))
                .Select(i => services.Catalog.FindItem(i.ItemCode)?.Name ?? i.ItemCode).ToList();
            var waiting = Waiting(turn, await work.Ledger.OfCaseAsync(c.Id, cancellationToken));
            var evaluations = await work.Cases.EvaluationsAsync(c.Id, cancellationToken);
            var latest = evaluations.MaxBy(e => e.At);
            lines.Add(Render(turn, "my_tasks_case", ("project", project?.Name ?? ""), ("reference", c.ReferenceNo), ("open", Count(items.Count(i => i.Status.IsOpen()))),
                ("overdue", overdue.Count > 0 ? Render(turn, "my_tasks_overdue", ("list", JoinList(turn, overdue))) : ""))
                + (waiting is null ? "" : Render(turn, "my_tasks_waiting", ("what", waiting)))
                + (latest is { Score: <= CaseClosing.LowScore } ? Render(turn, "my_tasks_low_score", ("score", Count(latest.Score))) : ""));
        }

        if (visits.Count > 0)
        {
            lines.Add(Render(turn, "my_tasks_visits_head"));
            lines.AddRange(visits.Select(v => Render(turn, "my_tasks_visit", ("time", services.Replies.Time(v.StartsAt)), ("topic", v.Topic), ("place", v.Place))));
        }

        if (actions.Count > 0)
        {
            lines.Add(Render(turn, "my_tasks_actions_head"));
            lines.AddRange(actions.Select(a => "- " + Render(turn, "follow_up_label", ("action", a.Description), ("due", services.Replies.Day(a.DueDate)))
                + (a.DueDate < today ? Render(turn, "my_tasks_action_late") : "")));
        }

        turn.SayMarkdown(string.Join('\n', lines));
        return ActionResult.Next;
    }

    /// <summary>The last hand-off or complaint on the case when no staff member has written to the ledger since; null otherwise.</summary>
    private static string? Waiting(DialogTurn turn, IReadOnlyList<Ledger.LedgerEntry> ledger)
    {
        var asked = ledger.Where(e => e.Action is "handoff" or "complaint").MaxBy(e => e.Id);
        if (asked is null || ledger.Any(e => e.Id > asked.Id && CaseSupervision.IsAnswer(e)))
        {
            return null;
        }

        return Render(turn, "my_tasks_waiting_" + asked.Action, ("date", turn.Services.Replies.Day(ChinaTime.Today(asked.At))));
    }
}
