using System.Globalization;
using System.Text;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Content;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// 查进度: a case's progress as WeCom can carry it: by default a summary (how much is done, the current stage, what is overdue
/// or blocked, the next step, the assistant) with the offer of the details; the aspect a free question asked about
/// (哪个部门, 超期, 还剩几项, 下一步, 找谁) first when it asked one; every item by stage only when the details are asked for.
/// </summary>
internal sealed class AnswerProgressAction : IDialogAction
{
    /// <summary>How many overdue, blocked or remaining items a summary names before "等N项".</summary>
    private const int MaxListed = 3;

    public string Name => "answer_progress";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var details = await services.Cases.Reader.ProgressAsync(turn.Operation, CaseId(turn), cancellationToken);
        // An item marked 不适用 has left the plan: it is neither counted nor listed.
        details = details with { Items = details.Items.Where(i => i.Status != ItemStatus.NotApplicable).ToList() };
        var today = ChinaTime.Today(turn.Now);
        var assistant = details.Assistant;
        var catalog = services.Catalog;
        string Name(CaseItem item) => catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode;
        int Late(CaseItem item) => item.IsOverdueOn(today) ? services.Calendar.WorkingDaysBetween(item.PlannedDue, today) : 0;

        var byCode = details.Items.ToDictionary(i => i.ItemCode);
        IReadOnlyList<string> Waiting(CaseItem item) => (catalog.FindItem(item.ItemCode)?.Requires ?? [])
            .Where(code => byCode.TryGetValue(code, out var before) && before.Status.IsOpen())
            .Select(code => catalog.FindItem(code)?.Name ?? code)
            .ToList();
        var open = details.Items.Where(i => i.Status.IsOpen()).ToList();
        var overdue = details.Items.Where(i => i.IsOverdueOn(today)).Select(i => Render(turn, "progress_overdue_item", ("item", Name(i)), ("days", Count(Late(i))), ("due", turn.Services.Replies.Day(i.PlannedDue)))).ToList();
        var blocked = details.Items
            .Where(i => i.Status is ItemStatus.NotStarted or ItemStatus.Preparing or ItemStatus.Prechecked && Waiting(i).Count > 0)
            .Select(i => Render(turn, "progress_blocked_item", ("item", Name(i)), ("before", JoinList(turn, Waiting(i).Select(n => Render(turn, "progress_quoted", ("item", n)))))))
            .Concat(details.Issues.Where(i => i.Status == IssueStatus.Open).Select(i => Render(turn, "progress_issue", ("title", i.Title), ("lead", i.LeadDepartment))))
            .ToList();
        var next = details.Items.FirstOrDefault(i => i.Status is ItemStatus.CorrectionRequired)
            ?? details.Items.FirstOrDefault(i => i.Status is ItemStatus.NotStarted or ItemStatus.Preparing or ItemStatus.Prechecked && Waiting(i).Count == 0);
        var atDepartments = open.Where(i => i.Status is ItemStatus.Submitted or ItemStatus.Accepted or ItemStatus.CorrectionRequired)
            .Select(i => Render(turn, "progress_at_department", ("item", Name(i)), ("department", CatalogWords.DepartmentName(catalog, i.ItemCode)), ("status", turn.Services.Replies.Label(i.Status)), ("due", turn.Services.Replies.Day(i.PlannedDue))))
            .ToList();
        var stage = open.Select(i => catalog.FindItem(i.ItemCode)?.Stage).FirstOrDefault(s => s is not null) is { } code ? catalog.Stages.FirstOrDefault(s => s.Code == code)?.Name : null;

        var text = new StringBuilder();
        text.Append(Render(turn, "progress_head", ("project", details.Project.Name), ("reference", details.Case.ReferenceNo), ("status", turn.Services.Replies.Label(details.Case.Status)),
            ("done", Count(details.Items.Count - open.Count)), ("total", Count(details.Items.Count)),
            ("stage", stage ?? Render(turn, "progress_all_done"))));
        void Line(string line) => text.Append('\n').Append(line);
        void List(string key, IReadOnlyList<string> lines, string? none = null)
        {
            if (lines.Count > 0)
            {
                Line(Render(turn, key, ("list", string.Join(Render(turn, "progress_list_separator"), lines.Take(MaxListed))
                    + (lines.Count > MaxListed ? Render(turn, "progress_and_more", ("count", Count(lines.Count))) : ""))));
            }
            else if (none is not null)
            {
                Line(Render(turn, none));
            }
        }

        var nextLine = next is null ? null
            : Render(turn, next.Status == ItemStatus.CorrectionRequired ? "progress_next_correct" : ReplyTemplates.PlannedKey("progress_next_prepare", next.PlannedDue, today),
                ("item", Name(next)), ("department", CatalogWords.DepartmentName(catalog, next.ItemCode)), ("due", turn.Services.Replies.Day(next.PlannedDue)));
        var assistantLine = assistant is null ? Render(turn, "progress_no_assistant") : Render(turn, "progress_assistant", ("name", assistant.Name), ("phone", assistant.Phone ?? ""));
        switch (turn.Slot("aspect"))
        {
            case "details":
                // Every item by stage, in as many messages as the channel needs, each holding whole stages.
                turn.SayMarkdownSections([text.ToString(), .. DetailSections(turn, details, Late), assistantLine]);
                return ActionResult.Next;
            case "department":
                List("progress_departments", atDepartments, "progress_no_departments");
                break;
            case "overdue":
                List("progress_overdue", overdue, "progress_no_overdue");
                break;
            case "remaining":
                List("progress_remaining", [.. open.Select(Name)], "progress_none_remaining");
                break;
            case "next":
                Line(nextLine ?? Render(turn, "progress_no_next"));
                List("progress_blocked", blocked);
                break;
            case "contact":
                Line(assistantLine);
                if (next is not null)
                {
                    Line(Render(turn, "progress_next_department", ("item", Name(next)), ("department", CatalogWords.DepartmentName(catalog, next.ItemCode))));
                }

                break;
            default:
                List("progress_overdue", overdue);
                List("progress_blocked", blocked);
                if (nextLine is not null)
                {
                    Line(nextLine);
                }

                break;
        }

        if (turn.Slot("aspect") is not "contact")
        {
            Line(assistantLine);
        }

        if (turn.Slot("aspect") is not "details")
        {
            Line(Render(turn, "progress_details_hint"));
        }

        turn.SayMarkdown(text.ToString().TrimEnd());
        return ActionResult.Next;
    }

    /// <summary>Every item by stage, the whole plan: asked for as 进度详情.</summary>
    private static IEnumerable<string> DetailSections(DialogTurn turn, CaseProgressDetails details, Func<CaseItem, int> late)
    {
        var catalog = turn.Services.Catalog;
        foreach (var stage in catalog.Stages)
        {
            var items = details.Items.Where(i => catalog.FindItem(i.ItemCode)?.Stage == stage.Code).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            if (items.All(i => !i.Status.IsOpen()))
            {
                yield return Render(turn, "progress_stage_done", ("stage", stage.Name));
                continue;
            }

            var text = new StringBuilder("**").Append(stage.Name).Append("**");
            foreach (var item in items)
            {
                var days = late(item);
                text.Append('\n').Append(Render(turn, days > 0 ? "progress_item_late" : "progress_item",
                    ("item", catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode), ("status", turn.Services.Replies.Label(item.Status)),
                    ("due", turn.Services.Replies.Day(item.PlannedDue)), ("days", Count(days))));
                if (item.Reason is { Length: > 0 } reason)
                {
                    text.Append(Render(turn, "progress_item_reason", ("reason", reason)));
                }
            }

            yield return text.ToString();
        }
    }
}
