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
        turn.Say("progress_updated", new Dictionary<string, string> { ["item"] = turn.Slot("item:display")!, ["status"] = status.Label(), ["case"] = turn.Slot("case:display")! });
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

/// <summary>我的待办: the staff member's open cases, each with what is left and what is overdue.</summary>
internal sealed class MyTasksAction : IDialogAction
{
    public string Name => "my_tasks";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var cases = await services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        if (cases.Count == 0)
        {
            turn.Say("no_case_staff");
            return ActionResult.Next;
        }

        var today = ChinaTime.Today(turn.Now);
        var lines = new List<string> { Render(turn, "my_tasks_head", ("count", Count(cases.Count))) };
        foreach (var c in cases.Take(20))
        {
            var project = await turn.Turn.Work.Projects.FindAsync(c.ProjectId, cancellationToken);
            var items = await turn.Turn.Work.Cases.ItemsAsync(c.Id, cancellationToken);
            var overdue = items.Where(i => i.IsOverdueOn(today))
                .Select(i => services.Catalog.FindItem(i.ItemCode)?.Name ?? i.ItemCode).ToList();
            lines.Add(Render(turn, "my_tasks_case", ("project", project?.Name ?? ""), ("reference", c.ReferenceNo), ("open", Count(items.Count(i => i.Status.IsOpen()))),
                ("overdue", overdue.Count > 0 ? Render(turn, "my_tasks_overdue", ("list", JoinList(turn, overdue))) : "")));
        }

        turn.SayMarkdown(string.Join('\n', lines));
        return ActionResult.Next;
    }
}
