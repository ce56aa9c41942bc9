using System.Globalization;
using System.Text;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Users;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// Chooses the case the user means: the only one, the one named in the message, or a numbered list to
/// pick from (slot "_choices" for the "choice" validator). No case at all ends the flow politely.
/// </summary>
internal sealed class PickCaseAction : IDialogAction
{
    public string Name => "pick_case";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
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

        var labelled = new List<(string Id, string Label)>();
        foreach (var c in cases)
        {
            var project = await turn.Turn.Work.Projects.FindAsync(c.ProjectId, cancellationToken);
            labelled.Add((c.Id.ToString(CultureInfo.InvariantCulture), Render(turn, "case.label", ("project", project?.Name ?? ""), ("reference", c.ReferenceNo))));
        }

        var named = turn.Recognition.Entity("project");
        var match = named is null ? null : labelled.Where(l => l.Label.Contains(named.Name ?? named.Value, StringComparison.Ordinal)).ToList();
        Offer(turn, "case", "case_list", labelled, match is { Count: 1 } ? match[0] : null);
        return ActionResult.Next;
    }
}

/// <summary>帮助: the commands the user's role may use.</summary>
internal sealed class HelpAction : IDialogAction
{
    public string Name => "help";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        turn.Say(turn.User.Role switch
        {
            UserRole.Supervisor => "help_supervisor",
            UserRole.Assistant => "help_assistant",
            _ => "help",
        });
        return Task.FromResult(ActionResult.Next);
    }
}

/// <summary>The project types to choose from, numbered (slot "project_type_list").</summary>
internal sealed class ListProjectTypesAction : IDialogAction
{
    public string Name => "list_project_types";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        Fill(turn);
        return Task.FromResult(ActionResult.Next);
    }

    public static void Fill(DialogTurn turn) =>
        turn.Slots["project_type_list"] = string.Join('\n', turn.Services.Catalog.ProjectTypes.Where(p => !p.Overlay).Select((p, i) => $"{i + 1}. {p.Name}"));
}

/// <summary>The project type the question is about: the one the message names, else the contact's own project's, else a list to choose from.</summary>
internal sealed class ProjectTypeFromCaseAction : IDialogAction
{
    public string Name => "project_type_from_case";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
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
            ListProjectTypesAction.Fill(turn);
        }

        return ActionResult.Next;
    }
}

/// <summary>办什么: the items of a project type by stage, the contact's current stage marked.</summary>
internal sealed class AnswerWhatToHandleAction : IDialogAction
{
    public string Name => "answer_what_to_handle";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var catalog = turn.Services.Catalog;
        var type = catalog.FindProjectType(turn.Slot("project_type") ?? "")!;
        var stageFilter = turn.Recognition.Entity("stage")?.Value;
        var items = catalog.ItemsFor(type.Code);
        var current = await CurrentStageAsync(turn, type.Code, cancellationToken);
        var sections = new List<string> { Render(turn, "what_to_handle_head", ("type", type.Name)) };
        foreach (var stage in catalog.Stages.Where(s => stageFilter is null || s.Code == stageFilter))
        {
            var inStage = items.Where(i => i.Stage == stage.Code).ToList();
            if (inStage.Count == 0)
            {
                continue;
            }

            var section = new StringBuilder(Render(turn, "what_to_handle_stage", ("stage", stage.Name),
                ("current", stage.Code == current ? Render(turn, "what_to_handle_current") : ""), ("optional", stage.Optional ? Render(turn, "what_to_handle_optional") : "")));
            foreach (var item in inStage)
            {
                section.Append('\n').Append(Render(turn, "what_to_handle_item", ("item", item.Name), ("days", CatalogWords.Days(turn, item))));
            }

            sections.Add(section.ToString());
        }

        sections.Add(Render(turn, "what_to_handle_hint"));
        turn.SayMarkdownSections(sections);
        return ActionResult.Next;
    }

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
}

/// <summary>找谁办: the item's department as the user may see it, and the user's assistant (or the one on duty).</summary>
internal sealed class AnswerWhomToContactAction : IDialogAction
{
    public string Name => "answer_whom_to_contact";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        if ((turn.Slot("item") ?? turn.Recognition.Entity("item")?.Value) is { } code && services.Catalog.FindItem(code) is { } item && services.Catalog.FindDepartment(item.Department) is { } department)
        {
            var shown = CatalogWords.Shown(turn, department);
            turn.SayMarkdown(Render(turn, "whom_department", ("item", item.Name), ("department", shown.Name), ("window", shown.Window), ("phone", shown.Phone),
                ("hours", shown.Hours), ("mode", CatalogWords.Mode(turn, item))));
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
}

/// <summary>如何办: an item's department, way of submission, time limit, fee, prerequisites, steps and materials.</summary>
internal sealed class AnswerHowToProceedAction : IDialogAction
{
    public string Name => "answer_how_to_proceed";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var catalog = services.Catalog;
        var item = catalog.FindItem(turn.Slot("item")!)!;
        var department = catalog.FindDepartment(item.Department) is { } found ? CatalogWords.Shown(turn, found) : null;
        var requires = JoinList(turn, item.Requires.Select(r => catalog.FindItem(r)?.Name ?? r));
        var text = new StringBuilder(Render(turn, "how_head", ("item", item.Name),
            ("department", department is null ? "" : Render(turn, "how_department", ("name", department.Name), ("window", department.Window))),
            ("mode", CatalogWords.Mode(turn, item)), ("days", CatalogWords.Days(turn, item)), ("fee", item.Fee ?? Render(turn, "how_no_fee")))).Append('\n');
        if (item.Requires.Count > 0)
        {
            text.Append(Render(turn, "how_requires", ("list", requires))).Append('\n');
        }

        var window = department?.Window ?? Render(turn, "department_window_general");
        var steps = new Dictionary<string, string>
        {
            ["first"] = item.Requires.Count > 0 ? Render(turn, "how_first_requires", ("requires", requires)) : Render(turn, "how_first_none"),
            ["submit"] = Render(turn, item.Mode switch
            {
                SubmissionMode.Online => "how_submit_online",
                SubmissionMode.Window => "how_submit_window",
                _ => "how_submit_both",
            }, ("window", window)),
            ["days"] = CatalogWords.Days(turn, item),
        };
        text.Append('\n').Append(services.Render("how_steps", steps)).Append('\n');

        text.Append('\n').Append(Render(turn, "how_materials")).Append('\n');
        foreach (var material in item.Materials)
        {
            text.Append(Render(turn, material.Required ? "how_material" : "how_material_optional", ("name", material.Name))).Append('\n');
        }

        if (item.Condition is { } condition)
        {
            text.Append('\n').Append(Render(turn, "how_condition", ("condition", condition))).Append('\n');
        }

        text.Append('\n').Append(Render(turn, "how_footer"));
        turn.SayMarkdown(text.ToString());
        return Task.FromResult(ActionResult.Next);
    }
}

/// <summary>How the catalog's facts read to a user: time limits, ways of submission, and a department as the user may see it.</summary>
internal static class CatalogWords
{
    public static string Days(DialogTurn turn, ApprovalItem item) => item switch
    {
        { PromisedDays: 0 } or { PromisedDays: null, StatutoryDays: 0 or null } => Render(turn, "days_immediate"),
        { PromisedDays: { } p, StatutoryDays: { } s } when s != p => Render(turn, "days_promised", ("promised", Count(p)), ("statutory", Count(s))),
        _ => Render(turn, "days_working", ("days", Count(item.PlanningDays))),
    };

    public static string Mode(DialogTurn turn, ApprovalItem item) => Render(turn, item.Mode switch
    {
        SubmissionMode.Online => "mode_online",
        SubmissionMode.Window => "mode_window",
        _ => "mode_both",
    });

    /// <summary>A department as the user may see it: staff see the catalog as it stands, placeholders included, so they know
    /// what is still to be confirmed; an enterprise sees only confirmed details, and the service centre's general contact instead of the rest.</summary>
    public static ShownDepartment Shown(DialogTurn turn, Department department)
    {
        var staff = turn.User.Role != UserRole.Contact;
        string Show(string? value, string general) =>
            Department.IsVerified(value) || staff && !string.IsNullOrWhiteSpace(value) ? value! : Render(turn, general);
        return new ShownDepartment(
            staff ? department.Name : department.VerifiedName,
            Show(department.Address, "department_window_general"),
            Show(department.Phone, "department_phone_general"),
            Show(department.Hours, "department_hours_general"));
    }

    public static string DepartmentName(ApprovalCatalog catalog, string itemCode) =>
        catalog.FindItem(itemCode) is { } item ? catalog.DepartmentName(item) : "";
}

internal sealed record ShownDepartment(string Name, string Window, string Phone, string Hours);
