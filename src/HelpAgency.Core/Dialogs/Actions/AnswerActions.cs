using System.Globalization;
using System.Text;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>Runs a lambda as a named action; most actions are a few lines over the case operations.</summary>
internal sealed class DialogAction(string name, Func<DialogTurn, CancellationToken, Task<ActionResult>> run) : IDialogAction
{
    public string Name { get; } = name;

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => run(turn, cancellationToken);
}

/// <summary>The four questions (办什么, 找谁办, 如何办, 进度), answered from the catalog and the user's own cases.</summary>
public static class AnswerActions
{
    public static IEnumerable<IDialogAction> All() =>
    [
        new DialogAction("pick_case", PickCaseAsync),
        new DialogAction("project_type_from_case", ProjectTypeFromCaseAsync),
        new DialogAction("answer_what_to_handle", WhatToHandleAsync),
        new DialogAction("answer_whom_to_contact", WhomToContactAsync),
        new DialogAction("answer_how_to_proceed", HowToProceedAsync),
        new DialogAction("answer_progress", ProgressAsync),
        new DialogAction("list_project_types", ListProjectTypesAsync),
        new DialogAction("help", HelpAsync),
    ];

    /// <summary>
    /// Chooses the case the user means: the only one, the one named in the message, or a numbered list to
    /// pick from (slot "_choices" for the "choice" validator). No case at all ends the flow politely.
    /// </summary>
    public static async Task<ActionResult> PickCaseAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Recognition.CaseAspect is { } aspect && turn.Slot("aspect") is null)
        {
            // What a free question about the case asked (哪个部门, 超期, 下一步): the answer puts it first.
            turn.Slots["aspect"] = aspect;
        }

        if (turn.Slot("case") is not null)
        {
            return ActionResult.Next;
        }

        var cases = await turn.Services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        if (cases.Count == 0)
        {
            turn.Say(turn.User.Role == UserRole.Contact ? "no_case" : "no_case_staff");
            return ActionResult.Finish;
        }

        var labelled = new List<(ServiceCase Case, string Label)>();
        foreach (var c in cases)
        {
            var project = await turn.Turn.Work.Projects.FindAsync(c.ProjectId, cancellationToken);
            labelled.Add((c, $"{project?.Name}（{c.ReferenceNo}）"));
        }

        var named = turn.Recognition.Entity("project");
        var match = named is null ? null : labelled.Where(l => l.Label.Contains(named.Name ?? named.Value, StringComparison.Ordinal)).ToList();
        if (labelled.Count == 1 || match is { Count: 1 })
        {
            var chosen = match is { Count: 1 } ? match[0] : labelled[0];
            turn.Slots["case"] = chosen.Case.Id.ToString(CultureInfo.InvariantCulture);
            turn.Slots["case:display"] = chosen.Label;
            return ActionResult.Next;
        }

        turn.Slots["_choices"] = string.Join('\n', labelled.Select(l => $"{l.Case.Id}|{l.Label}"));
        turn.Slots["case_list"] = string.Join('\n', labelled.Select((l, i) => $"{i + 1}. {l.Label}"));
        return ActionResult.Next;
    }

    /// <summary>The project type the question is about: the one the message names, else the contact's own project's.</summary>
    /// <summary>帮助: the commands the user's role may use.</summary>
    private static Task<ActionResult> HelpAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        turn.Say(turn.User.Role switch
        {
            UserRole.Supervisor => "help_supervisor",
            UserRole.Assistant => "help_assistant",
            _ => "help",
        });
        return Task.FromResult(ActionResult.Next);
    }

    private static async Task<ActionResult> ProjectTypeFromCaseAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        if (turn.Slot("project_type") is null && turn.User.Role == UserRole.Contact)
        {
            var projects = await turn.Turn.Work.Projects.OfContactAsync(turn.User.Id, cancellationToken);
            if (projects.Count > 0 && turn.Services.Catalog.FindProjectType(projects[0].ProjectType) is { } type)
            {
                turn.Slots["project_type"] = type.Code;
                turn.Slots["project_type:display"] = type.Name;
            }
        }

        if (!turn.Slots.ContainsKey("project_type"))
        {
            await ListProjectTypesAsync(turn, cancellationToken);
        }

        return ActionResult.Next;
    }

    private static Task<ActionResult> ListProjectTypesAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        turn.Slots["project_type_list"] = string.Join('\n', turn.Services.Catalog.ProjectTypes.Where(p => !p.Overlay).Select((p, i) => $"{i + 1}. {p.Name}"));
        return Task.FromResult(ActionResult.Next);
    }

    private static async Task<ActionResult> WhatToHandleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var catalog = turn.Services.Catalog;
        var type = catalog.FindProjectType(turn.Slot("project_type") ?? "")!;
        var stageFilter = turn.Recognition.Entity("stage")?.Value;
        var items = catalog.ItemsFor(type.Code);
        var current = await CurrentStageAsync(turn, type.Code, cancellationToken);
        var sections = new List<string> { $"**{type.Name}**项目需要办理的审批事项（按阶段，时限为承诺办理的工作日）：" };
        foreach (var stage in catalog.Stages.Where(s => stageFilter is null || s.Code == stageFilter))
        {
            var inStage = items.Where(i => i.Stage == stage.Code).ToList();
            if (inStage.Count == 0)
            {
                continue;
            }

            var section = new StringBuilder();
            section.Append(CultureInfo.InvariantCulture, $"**{stage.Name}**{(stage.Code == current ? "（您当前所处阶段）" : "")}{(stage.Optional ? "（可选）" : "")}");
            foreach (var item in inStage)
            {
                section.Append(CultureInfo.InvariantCulture, $"\n- {item.Name}（{Days(item)}）");
            }

            sections.Add(section.ToString());
        }

        sections.Add("想了解某一事项怎么办，可以直接问我，例如“施工许可证怎么办”。");
        turn.SayMarkdownSections(sections);
        return ActionResult.Next;
    }

    private static async Task<ActionResult> WhomToContactAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        if ((turn.Slot("item") ?? turn.Recognition.Entity("item")?.Value) is { } code && services.Catalog.FindItem(code) is { } item && services.Catalog.FindDepartment(item.Department) is { } department)
        {
            var shown = Shown(turn, department);
            turn.SayMarkdown($"**{item.Name}**由**{shown.Name}**办理。\n- 窗口：{shown.Window}\n- 电话：{shown.Phone}\n- 时间：{shown.Hours}\n- 办理方式：{Mode(item)}");
        }

        var cases = await services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        var assistantId = cases.FirstOrDefault(c => c.AssistantId is not null)?.AssistantId
            ?? await CaseIntake.PickAssistantAsync(turn.Turn.Work, null, cancellationToken);
        var assistant = assistantId is null ? null : await turn.Turn.Work.Staff.FindAsync(assistantId, cancellationToken);
        if (assistant is null)
        {
            turn.Say("no_assistant_on_duty");
        }
        else
        {
            turn.Say(cases.Count > 0 ? "your_assistant" : "duty_assistant", new Dictionary<string, string> { ["name"] = assistant.Name, ["phone"] = assistant.Phone });
        }

        return ActionResult.Next;
    }

    private static Task<ActionResult> HowToProceedAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var catalog = turn.Services.Catalog;
        var item = catalog.FindItem(turn.Slot("item")!)!;
        var department = catalog.FindDepartment(item.Department) is { } found ? Shown(turn, found) : null;
        var text = new StringBuilder($"**{item.Name}**\n");
        text.Append(CultureInfo.InvariantCulture, $"- 办理部门：{department?.Name}{(department is null ? "" : $"（{department.Window}）")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- 办理方式：{Mode(item)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- 时限：{Days(item)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- 收费：{item.Fee ?? "不收费"}\n");
        if (item.Requires.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"- 前置事项：{string.Join("、", item.Requires.Select(r => catalog.FindItem(r)?.Name ?? r))}（按项目类型适用其一或多项）\n");
        }

        var services = turn.Services;
        var window = department?.Window ?? services.Render("department_window_general", NoValues);
        var steps = new Dictionary<string, string>
        {
            ["first"] = item.Requires.Count > 0
                ? services.Render("how_first_requires", new Dictionary<string, string> { ["requires"] = string.Join("、", item.Requires.Select(r => catalog.FindItem(r)?.Name ?? r)) })
                : services.Render("how_first_none", new Dictionary<string, string>()),
            ["submit"] = services.Render(item.Mode switch
            {
                SubmissionMode.Online => "how_submit_online",
                SubmissionMode.Window => "how_submit_window",
                _ => "how_submit_both",
            }, new Dictionary<string, string> { ["window"] = window }),
            ["days"] = Days(item),
        };
        text.Append('\n').Append(services.Render("how_steps", steps)).Append('\n');

        text.Append("\n**申请材料**\n");
        foreach (var material in item.Materials)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {material.Name}{(material.Required ? "" : "（非必需）")}\n");
        }

        if (item.Condition is { } condition)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n适用情形：{condition}\n");
        }

        text.Append("\n帮办代办服务免费。需要帮您预审材料，请说“材料预审”。");
        turn.SayMarkdown(text.ToString());
        return Task.FromResult(ActionResult.Next);
    }

    /// <summary>
    /// A case's progress as WeCom can carry it: by default a summary (how much is done, the current stage, what is overdue
    /// or blocked, the next step, the assistant) with the offer of the details; the aspect a free question asked about
    /// (哪个部门, 超期, 还剩几项, 下一步, 找谁) first when it asked one; every item by stage only when the details are asked for.
    /// </summary>
    private static async Task<ActionResult> ProgressAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var details = await services.Cases.Reader.GetAsync(turn.Operation, long.Parse(turn.Slot("case")!, CultureInfo.InvariantCulture), cancellationToken);
        // An item marked 不适用 has left the plan: it is neither counted nor listed.
        details = details with { Items = details.Items.Where(i => i.Status != ItemStatus.NotApplicable).ToList() };
        var today = ChinaTime.Today(turn.Now);
        var assistant = details.Case.AssistantId is { } id ? await turn.Turn.Work.Staff.FindAsync(id, cancellationToken) : null;
        var catalog = services.Catalog;
        string Name(CaseItem item) => catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode;
        int Late(CaseItem item) => item.IsOverdueOn(today) ? services.Calendar.WorkingDaysBetween(item.PlannedDue, today) : 0;

        var byCode = details.Items.ToDictionary(i => i.ItemCode);
        IReadOnlyList<string> Waiting(CaseItem item) => (catalog.FindItem(item.ItemCode)?.Requires ?? [])
            .Where(code => byCode.TryGetValue(code, out var before) && before.Status.IsOpen())
            .Select(code => catalog.FindItem(code)?.Name ?? code)
            .ToList();
        var open = details.Items.Where(i => i.Status.IsOpen()).ToList();
        var overdue = details.Items.Where(i => i.IsOverdueOn(today)).Select(i => Render(turn, "progress_overdue_item", ("item", Name(i)), ("days", Late(i).ToString(CultureInfo.InvariantCulture)), ("due", CasePushes.Day(i.PlannedDue)))).ToList();
        var blocked = details.Items
            .Where(i => i.Status is ItemStatus.NotStarted or ItemStatus.Preparing or ItemStatus.Prechecked && Waiting(i).Count > 0)
            .Select(i => Render(turn, "progress_blocked_item", ("item", Name(i)), ("before", string.Join("、", Waiting(i).Select(n => $"“{n}”")))))
            .Concat(details.Issues.Where(i => i.Status == IssueStatus.Open).Select(i => Render(turn, "progress_issue", ("title", i.Title), ("lead", i.LeadDepartment))))
            .ToList();
        var next = details.Items.FirstOrDefault(i => i.Status is ItemStatus.CorrectionRequired)
            ?? details.Items.FirstOrDefault(i => i.Status is ItemStatus.NotStarted or ItemStatus.Preparing or ItemStatus.Prechecked && Waiting(i).Count == 0);
        var atDepartments = open.Where(i => i.Status is ItemStatus.Submitted or ItemStatus.Accepted or ItemStatus.CorrectionRequired)
            .Select(i => Render(turn, "progress_at_department", ("item", Name(i)), ("department", DepartmentName(catalog, i.ItemCode)), ("status", i.Status.Label()), ("due", CasePushes.Day(i.PlannedDue))))
            .ToList();
        var stage = open.Select(i => catalog.FindItem(i.ItemCode)?.Stage).FirstOrDefault(s => s is not null) is { } code ? catalog.Stages.FirstOrDefault(s => s.Code == code)?.Name : null;

        var text = new StringBuilder();
        text.Append(Render(turn, "progress_head", ("project", details.Project.Name), ("reference", details.Case.ReferenceNo), ("status", details.Case.Status.Label()),
            ("done", (details.Items.Count - open.Count).ToString(CultureInfo.InvariantCulture)), ("total", details.Items.Count.ToString(CultureInfo.InvariantCulture)),
            ("stage", stage ?? Render(turn, "progress_all_done"))));
        void Line(string line) => text.Append('\n').Append(line);
        void List(string key, IReadOnlyList<string> lines, string? none = null)
        {
            if (lines.Count > 0)
            {
                Line(Render(turn, key, ("list", string.Join("；", lines.Take(MaxListed)) + (lines.Count > MaxListed ? Render(turn, "progress_and_more", ("count", lines.Count.ToString(CultureInfo.InvariantCulture))) : ""))));
            }
            else if (none is not null)
            {
                Line(Render(turn, none));
            }
        }

        var nextLine = next is null ? null
            : Render(turn, next.Status == ItemStatus.CorrectionRequired ? "progress_next_correct" : "progress_next_prepare", ("item", Name(next)), ("department", DepartmentName(catalog, next.ItemCode)));
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
                    Line(Render(turn, "progress_next_department", ("item", Name(next)), ("department", DepartmentName(catalog, next.ItemCode))));
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

    /// <summary>How many overdue, blocked or remaining items a summary names before "等N项".</summary>
    private const int MaxListed = 3;

    /// <summary>Every item by stage, the whole plan: asked for as 进度详情.</summary>
    private static IEnumerable<string> DetailSections(DialogTurn turn, CaseDetails details, Func<CaseItem, int> late)
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
                    ("item", catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode), ("status", item.Status.Label()),
                    ("due", CasePushes.Day(item.PlannedDue)), ("days", days.ToString(CultureInfo.InvariantCulture))));
                if (item.Reason is { Length: > 0 } reason)
                {
                    text.Append(Render(turn, "progress_item_reason", ("reason", reason)));
                }
            }

            yield return text.ToString();
        }
    }

    private static string DepartmentName(ApprovalCatalog catalog, string itemCode) =>
        catalog.FindItem(itemCode) is { } item ? catalog.DepartmentName(item) : "";

    private static string Render(DialogTurn turn, string key, params (string Key, string Value)[] values) =>
        turn.Services.Render(key, CasePushes.Values(values), turn.Turn.Conversation.Version);

    /// <summary>The stage the contact's own case of this project type is in; none for another type, so its list marks nothing as theirs.</summary>
    private static async Task<string?> CurrentStageAsync(DialogTurn turn, string projectType, CancellationToken cancellationToken)
    {
        if (turn.User.Role != UserRole.Contact)
        {
            return null;
        }

        var cases = await turn.Services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        if (cases.Count == 0 || await turn.Turn.Work.Projects.FindAsync(cases[0].ProjectId, cancellationToken) is not { } project
            || turn.Services.Catalog.FindProjectType(project.ProjectType)?.Code != projectType)
        {
            return null;
        }

        var items = await turn.Turn.Work.Cases.ItemsAsync(cases[0].Id, cancellationToken);
        var open = items.FirstOrDefault(i => i.Status.IsOpen());
        return open is null ? null : turn.Services.Catalog.FindItem(open.ItemCode)?.Stage;
    }

    private static readonly Dictionary<string, string> NoValues = [];

    /// <summary>A department as the user may see it: staff see the catalog as it stands, placeholders included, so they know
    /// what is still to be confirmed; an enterprise sees only confirmed details, and the service centre's general contact instead of the rest.</summary>
    private static ShownDepartment Shown(DialogTurn turn, Department department)
    {
        var staff = turn.User.Role != UserRole.Contact;
        string Show(string? value, string general) =>
            Department.IsVerified(value) || staff && !string.IsNullOrWhiteSpace(value) ? value! : turn.Services.Render(general, NoValues);
        return new ShownDepartment(
            staff ? department.Name : department.VerifiedName,
            Show(department.Address, "department_window_general"),
            Show(department.Phone, "department_phone_general"),
            Show(department.Hours, "department_hours_general"));
    }

    private sealed record ShownDepartment(string Name, string Window, string Phone, string Hours);

    internal static string Days(ApprovalItem item) => item switch
    {
        { PromisedDays: 0 } or { PromisedDays: null, StatutoryDays: 0 or null } => "即办",
        { PromisedDays: { } p, StatutoryDays: { } s } when s != p => $"承诺{p}个工作日（法定{s}个工作日）",
        _ => $"{item.PlanningDays}个工作日",
    };

    internal static string Mode(ApprovalItem item) => item.Mode switch
    {
        SubmissionMode.Online => "网上办理（湖北政务服务网/工程建设项目审批管理系统）",
        SubmissionMode.Window => "窗口办理",
        _ => "网上或窗口均可",
    };

    internal static Reply Notice(string text) => Reply.Markdown(text);
}
