using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Content;
using static HelpAgency.Core.Dialogs.Actions.ActionSupport;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>申请帮办, its last step but one: the answers shown back for the user to confirm.</summary>
internal sealed class ApplySummaryAction : IDialogAction
{
    /// <summary>The application's slots that are facts of the project, named as the conditions' variables.</summary>
    public static readonly string[] FactSlots = ["investment", "floor_area", "height", "use"];

    private static readonly string[] FormSlots = ["project_name", "unit_name", "credit_code", "project_type", "park", "contact_name", "phone", "commits_to_start"];

    public string Name => "apply_summary";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        string Show(string slot) => turn.Slot(slot + ":display") ?? turn.Slot(slot) ?? "";
        Dictionary<string, string> Values(string[] slots) => slots.ToDictionary(s => s, Show, StringComparer.Ordinal);
        turn.SayMarkdown(turn.Services.Render("apply_summary", Values(FormSlots)) + "\n" + turn.Services.Render("apply_summary_facts", Values(FactSlots)));
        return Task.FromResult(ActionResult.Next);
    }
}

/// <summary>申请帮办, a correction at the summary: the fields answered so far, numbered (slot "field_list"), for the user to say which to change.</summary>
internal sealed class ListFieldsAction : IDialogAction
{
    public string Name => "list_fields";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        turn.Slots["field_list"] = string.Join('\n', SlotValidators.FilledFields(turn).Select((f, i) => $"{i + 1}. {f.Label}"));
        return Task.FromResult(ActionResult.Next);
    }
}

/// <summary>
/// An application repeating an open case (same credit code, the same project by name) is asked whether it is that
/// project before a second case and a second assistant are made; otherwise the question is skipped. It runs again after
/// each correction at the summary: a corrected name or credit code that now matches an open case asks the question
/// (again, for a case other than the one already answered 否 for); one that matches none clears it.
/// </summary>
internal sealed class CheckDuplicateAction : IDialogAction
{
    public string Name => "check_duplicate";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var same = await CaseIntake.OpenCaseOfSameProjectAsync(turn.Turn.Work, turn.Slot("credit_code") ?? "", turn.Slot("project_name") ?? "", cancellationToken);
        if (same is null)
        {
            turn.Slots.Remove("duplicate_project");
            turn.Slots.Remove("duplicate_reference");
            turn.Slots["same_project"] = "no";
            return ActionResult.Next;
        }

        if (turn.Slot("same_project") == "no" && turn.Slot("duplicate_reference") == same.ReferenceNo)
        {
            return ActionResult.Next;
        }

        turn.Slots.Remove("same_project");
        turn.Slots.Remove("same_project:display");
        turn.Slots["duplicate_project"] = same.ProjectName;
        turn.Slots["duplicate_reference"] = same.ReferenceNo;
        return ActionResult.Next;
    }
}

/// <summary>
/// 申请帮办: opens the case (委托受理) once the enterprise has agreed to the agreement's terms (slot "agreement"), with the
/// agreement's wording and time in the ledger, and tells the applicant its number, its plan's end and their assistant.
/// </summary>
internal sealed class ApplyServiceAction : IDialogAction
{
    public string Name => "apply_service";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        if (turn.Slot("agreement") != "yes")
        {
            throw new InvalidOperationException("apply_service runs only after the agreement is agreed to (slot 'agreement' is 'yes').");
        }

        var intake = turn.Services.Cases.Intake;
        var details = await intake.ApplyAsync(turn.Operation, new ServiceApplication(
            turn.Slot("project_name")!, turn.Slot("unit_name")!, turn.Slot("credit_code")!, turn.Slot("project_type")!, turn.Slot("park")!,
            turn.Slot("contact_name")!, turn.Slot("phone")!, CommitsToStart: turn.Slot("commits_to_start") == "yes",
            Facts: ApplySummaryAction.FactSlots.Where(f => turn.Slot(f) is not null).ToDictionary(f => f, f => turn.Slot(f)!, StringComparer.Ordinal),
            Agreement: new AgreedInChat(turn.Now, Render(turn, AgreedInChat.TermsTemplate))), cancellationToken);
        var assistant = details.Case.AssistantId is { } id ? await turn.Turn.Work.Staff.FindAsync(id, cancellationToken) : null;
        var finish = details.Items.Max(i => i.PlannedDue);
        var catalog = turn.Services.Catalog;
        var planned = details.Items.Select(i => i.ItemCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leftOut = catalog.ItemsFor(details.Project.ProjectType).Where(i => i.Condition is not null && !planned.Contains(i.Code)).Select(i => i.Name).ToList();
        var toConfirm = intake.Scope?.UnknownReason is { Length: > 0 } unknown ? details.Items.Count(i => i.Reason == unknown) : 0;
        string Say(string key, params (string Key, string Value)[] values) => turn.Services.Render(key, ReplyTemplates.Values(values));
        var lines = new List<string>
        {
            Say("apply_accepted", ("reference", details.Case.ReferenceNo), ("count", Count(details.Items.Count)),
                ("year", Count(finish.Year)), ("month", Count(finish.Month)), ("day", Count(finish.Day))),
        };
        if (leftOut.Count > 0)
        {
            lines.Add(Say("apply_left_out", ("list", JoinList(turn, leftOut))));
        }

        if (toConfirm > 0)
        {
            lines.Add(Say("apply_to_confirm", ("count", Count(toConfirm))));
        }

        lines.Add(assistant is null ? Say("apply_no_assistant") : Say("apply_assistant", ("name", assistant.Name), ("phone", assistant.Phone)));
        turn.SayMarkdown(string.Join('\n', lines));
    });
}

/// <summary>预约咨询/上门服务: books the visit with the assistant of the user's park.</summary>
internal sealed class BookVisitAction : IDialogAction
{
    public string Name => "book_visit";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        // Parser vocabulary: asking for 上门, or a place other than the 政务 service centre, is an on-site visit.
        var onsite = turn.Recent.Any(m => m.Contains("上门", StringComparison.Ordinal)) || turn.Slot("place") is { } p && !p.Contains("政务", StringComparison.Ordinal);
        var cases = await turn.Services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        var visit = await turn.Services.Cases.Intake.BookVisitAsync(turn.Operation, new VisitRequest(
            onsite ? VisitKind.Onsite : VisitKind.Consultation,
            DateTimeOffset.Parse(turn.Slot("datetime")!, CultureInfo.InvariantCulture),
            turn.Slot("place")!, turn.Slot("topic")!, turn.Slot("phone")!, cases.FirstOrDefault()?.ProjectId), cancellationToken);
        var assistant = visit.AssistantId is { } id ? await turn.Turn.Work.Staff.FindAsync(id, cancellationToken) : null;
        turn.Say("visit_booked", new Dictionary<string, string>
        {
            ["time"] = turn.Slot("datetime:display")!,
            ["place"] = visit.Place,
            ["assistant"] = assistant is null ? Render(turn, "visit_assistant_unknown") : Render(turn, "visit_assistant", ("name", assistant.Name), ("phone", assistant.Phone)),
        });
    });
}

/// <summary>转人工: the user's assistant (or the on-duty one) gets the excerpt and calls back.</summary>
internal sealed class HandoffAction : IDialogAction
{
    public string Name => "handoff";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var assistant = await turn.Services.Cases.Intake.HandoffAsync(turn.Operation, turn.Recent, cancellationToken);
        if (assistant is null)
        {
            turn.Say("handoff_nobody");
        }
        else
        {
            turn.Say("handoff", new Dictionary<string, string> { ["name"] = assistant.Name, ["phone"] = assistant.Phone });
        }

        return ActionResult.Finish;
    }
}

/// <summary>材料预审, the list: the item's materials numbered for the user to say which they have.</summary>
internal sealed class ListMaterialsAction : IDialogAction
{
    public string Name => "list_materials";

    public Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var item = turn.Services.Catalog.FindItem(turn.Slot("item")!)!;
        turn.Slots["_choices"] = string.Join('\n', item.Materials.Select((m, i) => $"{i + 1}|{m.Name}"));
        turn.Slots["materials_list"] = string.Join('\n', item.Materials.Select((m, i) =>
            Render(turn, m.Required ? "material_line" : "material_line_optional", ("n", Count(i + 1)), ("name", m.Name))));
        return Task.FromResult(ActionResult.Next);
    }
}

/// <summary>材料预审, the answer: what is still missing, and the assistant told to do the formal pre-check.</summary>
internal sealed class PrecheckSelfAction : IDialogAction
{
    public string Name => "precheck_self";

    public async Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var item = turn.Services.Catalog.FindItem(turn.Slot("item")!)!;
        var have = (turn.Slot("have") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToHashSet();
        var missing = item.Materials.Select((m, i) => (m, n: i + 1)).Where(p => p.m.Required && !have.Contains(p.n)).Select(p => p.m.Name).ToList();
        var optional = item.Materials.Select((m, i) => (m, n: i + 1)).Where(p => !p.m.Required && !have.Contains(p.n)).Select(p => p.m.Name).ToList();
        if (missing.Count == 0)
        {
            var lines = new List<string> { Render(turn, "self_check_complete", ("item", item.Name)) };
            if (optional.Count > 0)
            {
                lines.Add(Render(turn, "self_check_optional", ("list", JoinList(turn, optional))));
            }

            lines.Add(Render(turn, "self_check_review"));
            turn.SayMarkdown(string.Join('\n', lines));
        }
        else
        {
            turn.SayMarkdown(Render(turn, "self_check_missing", ("item", item.Name), ("list", string.Join('\n', missing.Select(m => "- " + m)))));
        }

        await turn.Services.Cases.Progress.SelfPrecheckAsync(turn.Operation, item.Code, missing, have, cancellationToken);
        return ActionResult.Next;
    }
}
