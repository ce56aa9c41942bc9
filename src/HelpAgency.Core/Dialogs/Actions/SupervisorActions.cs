using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Users;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// 改派, the choice: the assistant the message names (转给王帮办), or a numbered list of every assistant to pick from (slot
/// "_choices" for the "choice" validator).
/// </summary>
internal sealed class PickAssistantAction : IDialogAction
{
    public string Name => "pick_assistant";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Slot("assistant") is not null)
        {
            return ActionResult.Next;
        }

        var assistants = await turn.Turn.Work.Staff.ListAsync(UserRole.Assistant, cancellationToken);
        if (assistants.Count == 0)
        {
            turn.Say("no_assistants");
            return ActionResult.Finish;
        }

        var text = turn.Recognition.Text;
        var named = assistants.Where(a => text.Contains(a.Name, StringComparison.Ordinal) || text.Contains(a.UserId, StringComparison.Ordinal)).ToList();
        // Only a name in the message chooses: with one assistant on the list the supervisor still confirms the choice.
        Offer(turn, "assistant", "assistant_list", [.. assistants.Select(a => (a.UserId, a.Name))], named.Count == 1 ? (named[0].UserId, named[0].Name) : null, takeOnly: false);
        return ActionResult.Next;
    }
}

/// <summary>改派: a supervisor hands the case to the chosen assistant.</summary>
internal sealed class ReassignCaseAction : IDialogAction
{
    public string Name => "reassign_case";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var updated = await turn.Services.Cases.Supervision.ReassignAsync(turn.Operation, CaseId(turn), turn.Slot("assistant")!, cancellationToken);
        turn.Say("case_reassigned", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? updated.ReferenceNo,
            ["assistant"] = turn.Slot("assistant:display") ?? turn.Slot("assistant")!,
        });
    });
}

/// <summary>督办: a supervisor urges the case's assistant.</summary>
internal sealed class SuperviseCaseAction : IDialogAction
{
    public string Name => "supervise_case";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var assistant = await turn.Services.Cases.Supervision.SuperviseAsync(turn.Operation, CaseId(turn), turn.Slot("note"), cancellationToken);
        turn.Say("case_supervised", new Dictionary<string, string>
        {
            ["case"] = turn.Slot("case:display") ?? "",
            ["assistant"] = assistant.Name,
        });
    });
}

/// <summary>本月满意度: how this month's evaluations scored, for a supervisor.</summary>
internal sealed class SatisfactionReportAction : IDialogAction
{
    public string Name => "satisfaction_report";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var report = await turn.Services.Cases.Supervision.MonthScoresAsync(turn.Operation, cancellationToken);
        if (report.Average is not { } average)
        {
            turn.Say("satisfaction_none", new Dictionary<string, string> { ["since"] = turn.Services.Replies.Day(report.Since) });
            return;
        }

        turn.SayMarkdown(Render(turn, "satisfaction_report",
            ("since", turn.Services.Replies.Day(report.Since)),
            ("count", Count(report.Rated)),
            ("average", average.ToString("0.0#", CultureInfo.InvariantCulture)),
            ("distribution", string.Join(turn.Services.Replies.Get("case.list_separator"),
                Enumerable.Range(1, 5).Reverse().Select(score => Render(turn, "satisfaction_score", ("score", Count(score)), ("count", Count(report.Scores.GetValueOrDefault(score))))))),
            ("low", Count(report.Scores.Where(s => s.Key <= CaseClosing.LowScore).Sum(s => s.Value)))));
    });
}

/// <summary>投诉列表: this month's complaints for a supervisor, those no staff member has acted on first.</summary>
internal sealed class OpenComplaintsAction : IDialogAction
{
    public string Name => "open_complaints";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var report = await turn.Services.Cases.Supervision.MonthComplaintsAsync(turn.Operation, cancellationToken);
        var since = turn.Services.Replies.Day(report.Since);
        if (report.Complaints.Count == 0)
        {
            turn.Say("complaints_none", new Dictionary<string, string> { ["since"] = since });
            return;
        }

        var waiting = report.Complaints.Count(c => !c.Answered);
        var lines = new List<string> { Render(turn, "complaints_head", ("since", since), ("count", Count(report.Complaints.Count)), ("waiting", Count(waiting))) };
        foreach (var complaint in report.Complaints.OrderBy(c => c.Answered).ThenByDescending(c => c.Entry.Id))
        {
            lines.Add(Render(turn, "complaint_line",
                ("reference", CaseClosing.FormatComplaintReference(complaint.Entry.Id, complaint.Entry.At)),
                ("date", turn.Services.Replies.Day(ChinaTime.Today(complaint.Entry.At))),
                ("project", complaint.ProjectName ?? Render(turn, "complaint_no_project")),
                ("text", ComplaintText(complaint.Entry.Details)),
                ("state", Render(turn, complaint.Answered ? "complaint_answered" : "complaint_waiting"))));
        }

        turn.SayMarkdownSections(lines);
    });

    /// <summary>The complaint's words as the ledger keeps them (details {"text": …}), cut to a line.</summary>
    private static string ComplaintText(string details)
    {
        using var json = System.Text.Json.JsonDocument.Parse(details);
        var text = json.RootElement.TryGetProperty("text", out var value) ? value.GetString() ?? "" : "";
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
