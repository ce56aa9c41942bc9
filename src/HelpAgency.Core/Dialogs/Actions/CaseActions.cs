using System.Globalization;
using System.Text;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>The forms' last steps: each calls one case operation, which queues its own pushes, and answers the user.</summary>
public static class CaseActions
{
    public static IEnumerable<IDialogAction> All() =>
    [
        new DialogAction("apply_summary", ApplySummaryAsync),
        new DialogAction("check_duplicate", CheckDuplicateAsync),
        new DialogAction("apply_service", ApplyAsync),
        new DialogAction("book_visit", BookVisitAsync),
        new DialogAction("list_materials", ListMaterialsAsync),
        new DialogAction("precheck_self", PrecheckSelfAsync),
        new DialogAction("evaluate", EvaluateAsync),
        new DialogAction("terminate", TerminateAsync),
        new DialogAction("complaint", ComplaintAsync),
        new DialogAction("handoff", HandoffAsync),
        new DialogAction("update_progress", UpdateProgressAsync),
        new DialogAction("log_service", LogServiceAsync),
        new DialogAction("raise_coordination", RaiseCoordinationAsync),
        new DialogAction("schedule_meeting", ScheduleMeetingAsync),
        new DialogAction("pick_meeting", PickMeetingAsync),
        new DialogAction("record_minutes", RecordMinutesAsync),
        new DialogAction("pick_action", PickActionAsync),
        new DialogAction("complete_action", CompleteActionAsync),
        new DialogAction("my_tasks", MyTasksAsync),
    ];

    /// <summary>
    /// An application repeating an open case (same credit code, the same project by name) is asked whether it is that
    /// project before a second case and a second assistant are made; otherwise the question is skipped.
    /// </summary>
    private static async Task<ActionResult> CheckDuplicateAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        static string Plain(string name) => new([.. name.Where(char.IsLetterOrDigit)]);
        var name = Plain(turn.Slot("project_name") ?? "");
        var open = await turn.Turn.Work.Projects.OpenCasesOfUnitAsync(turn.Slot("credit_code") ?? "", cancellationToken);
        var same = open.FirstOrDefault(o => Plain(o.ProjectName) is { Length: > 0 } other && name.Length > 0 && (other.Contains(name, StringComparison.Ordinal) || name.Contains(other, StringComparison.Ordinal)));
        if (same is null)
        {
            turn.Slots["same_project"] = "no";
            return ActionResult.Next;
        }

        turn.Slots["duplicate_project"] = same.ProjectName;
        turn.Slots["duplicate_reference"] = same.ReferenceNo;
        return ActionResult.Next;
    }

    private static Task<ActionResult> ApplySummaryAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        string Show(string slot) => turn.Slot(slot + ":display") ?? turn.Slot(slot) ?? "";
        turn.SayMarkdown(
            $"请核对申请信息：\n- 项目名称：{Show("project_name")}\n- 项目单位：{Show("unit_name")}\n- 统一社会信用代码：{Show("credit_code")}\n" +
            $"- 项目类型：{Show("project_type")}\n- 所在园区：{Show("park")}\n- 联系人：{Show("contact_name")} {Show("phone")}\n- 承诺可开工：{Show("commits_to_start")}\n" +
            turn.Services.Render("apply_summary_facts", FactSlots.ToDictionary(f => f, Show, StringComparer.Ordinal)));
        return Task.FromResult(ActionResult.Next);
    }

    private static Task<ActionResult> ApplyAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var details = await turn.Services.Cases.Intake.ApplyAsync(turn.Operation, new ServiceApplication(
            turn.Slot("project_name")!, turn.Slot("unit_name")!, turn.Slot("credit_code")!, turn.Slot("project_type")!, turn.Slot("park")!,
            turn.Slot("contact_name")!, turn.Slot("phone")!, CommitsToStart: turn.Slot("commits_to_start") == "yes",
            Facts: FactSlots.Where(f => turn.Slot(f) is not null).ToDictionary(f => f, f => turn.Slot(f)!, StringComparer.Ordinal)), cancellationToken);
        var assistant = details.Case.AssistantId is { } id ? await turn.Turn.Work.Staff.FindAsync(id, cancellationToken) : null;
        var finish = details.Items.Max(i => i.PlannedDue);
        var catalog = turn.Services.Catalog;
        var planned = details.Items.Select(i => i.ItemCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leftOut = catalog.ItemsFor(details.Project.ProjectType).Where(i => i.Condition is not null && !planned.Contains(i.Code)).Select(i => i.Name).ToList();
        var toConfirm = turn.Services.Cases.Intake.Scope?.UnknownReason is { Length: > 0 } unknown ? details.Items.Count(i => i.Reason == unknown) : 0;
        string Say(string key, string name, string value) => turn.Services.Render(key, new Dictionary<string, string> { [name] = value });
        turn.SayMarkdown($"申请已受理，受理编号 **{details.Case.ReferenceNo}**。\n共{details.Items.Count}个审批事项，按承诺时限预计{finish:yyyy年M月d日}前全部办结。" +
            (leftOut.Count > 0 ? "\n" + Say("apply_left_out", "list", string.Join("、", leftOut)) : "") +
            (toConfirm > 0 ? "\n" + Say("apply_to_confirm", "count", toConfirm.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "") +
            (assistant is null ? "\n帮办专员将尽快与您联系。" : $"\n您的帮办专员：{assistant.Name} {assistant.Phone}，将在1个工作日内与您联系。"));
    });

    /// <summary>The application's slots that are facts of the project, named as the conditions' variables.</summary>
    private static readonly string[] FactSlots = ["investment", "floor_area", "height", "use"];

    private static Task<ActionResult> BookVisitAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
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
            ["assistant"] = assistant is null ? "帮办专员" : $"{assistant.Name}（{assistant.Phone}）",
        });
    });

    private static Task<ActionResult> ListMaterialsAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var item = turn.Services.Catalog.FindItem(turn.Slot("item")!)!;
        turn.Slots["_choices"] = string.Join('\n', item.Materials.Select((m, i) => $"{i + 1}|{m.Name}"));
        turn.Slots["materials_list"] = string.Join('\n', item.Materials.Select((m, i) => $"{i + 1}. {m.Name}{(m.Required ? "" : "（非必需）")}"));
        return Task.FromResult(ActionResult.Next);
    }

    private static async Task<ActionResult> PrecheckSelfAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var item = turn.Services.Catalog.FindItem(turn.Slot("item")!)!;
        var have = (turn.Slot("have") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToHashSet();
        var missing = item.Materials.Select((m, i) => (m, n: i + 1)).Where(p => p.m.Required && !have.Contains(p.n)).Select(p => p.m.Name).ToList();
        var optional = item.Materials.Select((m, i) => (m, n: i + 1)).Where(p => !p.m.Required && !have.Contains(p.n)).Select(p => p.m.Name).ToList();
        if (missing.Count == 0)
        {
            turn.SayMarkdown($"“{item.Name}”的必需材料已经齐全。" + (optional.Count > 0 ? $"\n按情况可能还需要：{string.Join("、", optional)}。" : "") + "\n帮办专员会再做规范性审查。");
        }
        else
        {
            turn.SayMarkdown($"“{item.Name}”还缺少以下必需材料：\n{string.Join('\n', missing.Select(m => "- " + m))}\n备齐后可以再找我预审。");
        }

        await turn.Services.Cases.Progress.SelfPrecheckAsync(turn.Operation, item.Code, missing, have, cancellationToken);
        return ActionResult.Next;
    }

    private static Task<ActionResult> EvaluateAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var score = int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture);
        await turn.Services.Cases.Closing.EvaluateAsync(turn.Operation, CaseId(turn), score, turn.Slot("comment"), cancellationToken);
        var again = (await turn.Turn.Work.Cases.EvaluationsAsync(CaseId(turn), cancellationToken)).Count > 1;
        turn.Say(score <= CaseClosing.LowScore ? "evaluated_low" : again ? "evaluated_again" : "evaluated");
    });

    private static Task<ActionResult> TerminateAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var operations = turn.Services.Cases;
        await operations.Closing.EvaluateAsync(turn.Operation, CaseId(turn), int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture), turn.Slot("comment"), cancellationToken);
        var closed = await operations.Closing.TerminateAsync(turn.Operation, CaseId(turn), turn.Slot("reason")!, cancellationToken);
        turn.Say("terminated", new Dictionary<string, string> { ["reference"] = closed.ReferenceNo });
    });

    private static async Task<ActionResult> ComplaintAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var reference = await turn.Services.Cases.Closing.ComplainAsync(turn.Operation, turn.Slot("complaint")!, cancellationToken);
        turn.Say("complaint_recorded", new Dictionary<string, string> { ["reference"] = reference });
        return ActionResult.Next;
    }

    /// <summary>转人工: the user's assistant (or the on-duty one) gets the excerpt and calls back.</summary>
    public static async Task<ActionResult> HandoffAsync(DialogTurn turn, CancellationToken cancellationToken)
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

    private static Task<ActionResult> UpdateProgressAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var status = StoredNames.ParseStored<ItemStatus>(turn.Slot("status")!);
        await turn.Services.Cases.Progress.UpdateItemAsync(turn.Operation, CaseId(turn), turn.Slot("item")!, status, turn.Slot("certificate"), turn.Slot("correction"), cancellationToken);
        turn.Say("progress_updated", new Dictionary<string, string> { ["item"] = turn.Slot("item:display")!, ["status"] = status.Label(), ["case"] = turn.Slot("case:display")! });
    });

    private static Task<ActionResult> LogServiceAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        await turn.Services.Cases.Progress.LogServiceAsync(turn.Operation, CaseId(turn), turn.Slot("note")!, null, cancellationToken);
        turn.Say("service_logged", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")! });
    });

    private static Task<ActionResult> RaiseCoordinationAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var issue = await turn.Services.Cases.Coordination.RaiseIssueAsync(turn.Operation, CaseId(turn), null, turn.Slot("title")!, turn.Slot("department")!, cancellationToken);
        turn.Say("coordination_raised", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")!, ["title"] = issue.Title });
    });

    private static Task<ActionResult> ScheduleMeetingAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var participants = SplitList(turn.Slot("participants") ?? "");
        var meeting = await turn.Services.Cases.Coordination.ScheduleMeetingAsync(turn.Operation, CaseId(turn), new MeetingRequest(
            turn.Slot("topic")!, DateTimeOffset.Parse(turn.Slot("datetime")!, CultureInfo.InvariantCulture), turn.Slot("place")!, participants,
            turn.Slot("agenda"), IncludeContact: turn.Slot("include_contact") == "yes"), cancellationToken);
        turn.Say("meeting_scheduled", new Dictionary<string, string>
        {
            ["time"] = turn.Slot("datetime:display")!,
            ["place"] = meeting.Place,
            ["count"] = meeting.Participants.Count(p => p != turn.User.Id).ToString(CultureInfo.InvariantCulture),
        });
    });

    /// <summary>Chooses the meeting whose minutes are recorded: scheduled or held meetings of the staff member's open cases.</summary>
    private static async Task<ActionResult> PickMeetingAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var meetings = new List<(Meeting Meeting, string Label)>();
        foreach (var c in await turn.Services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken))
        {
            foreach (var m in await turn.Turn.Work.Coordination.MeetingsAsync(c.Id, cancellationToken))
            {
                if (m.Status != MeetingStatus.Cancelled)
                {
                    meetings.Add((m, $"{m.Topic}（{ChinaTime.Of(m.StartsAt):M月d日 HH:mm}，{c.ReferenceNo}）"));
                }
            }
        }

        if (meetings.Count == 0)
        {
            turn.Say("no_meeting");
            return ActionResult.Finish;
        }

        if (meetings.Count == 1)
        {
            turn.Slots["meeting"] = meetings[0].Meeting.Id.ToString(CultureInfo.InvariantCulture);
            turn.Slots["meeting:display"] = meetings[0].Label;
            return ActionResult.Next;
        }

        turn.Slots["_choices"] = string.Join('\n', meetings.Select(m => $"{m.Meeting.Id}|{m.Label}"));
        turn.Slots["meeting_list"] = string.Join('\n', meetings.Select((m, i) => $"{i + 1}. {m.Label}"));
        return ActionResult.Next;
    }

    private static Task<ActionResult> RecordMinutesAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var actions = System.Text.Json.JsonSerializer.Deserialize<List<ActionRequest>>(turn.Slot("actions") ?? "[]", LedgerJson.Options) ?? [];
        var meetingId = long.Parse(turn.Slot("meeting")!, CultureInfo.InvariantCulture);
        await turn.Services.Cases.Coordination.RecordMinutesAsync(turn.Operation, meetingId, turn.Slot("minutes")!, actions, cancellationToken);
        turn.Say("minutes_recorded", new Dictionary<string, string> { ["meeting"] = turn.Slot("meeting:display")!, ["count"] = actions.Count.ToString(CultureInfo.InvariantCulture) });
    });

    /// <summary>Lists the follow-up actions the user owns and has not done, to pick the one done.</summary>
    private static async Task<ActionResult> PickActionAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var open = await turn.Services.Cases.Coordination.OpenActionsAsync(turn.Operation, cancellationToken);
        if (open.Count == 0)
        {
            turn.Say("no_open_action");
            return ActionResult.Finish;
        }

        var labelled = open.Select(a => (a.Id, Label: $"{a.Description}（{a.DueDate:M月d日}前）")).ToList();
        if (labelled.Count == 1)
        {
            turn.Slots["follow_up"] = labelled[0].Id.ToString(CultureInfo.InvariantCulture);
            turn.Slots["follow_up:display"] = labelled[0].Label;
            return ActionResult.Next;
        }

        turn.Slots["_choices"] = string.Join('\n', labelled.Select(l => $"{l.Id}|{l.Label}"));
        turn.Slots["action_list"] = string.Join('\n', labelled.Select((l, i) => $"{i + 1}. {l.Label}"));
        return ActionResult.Next;
    }

    private static Task<ActionResult> CompleteActionAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var done = await turn.Services.Cases.Coordination.CompleteActionAsync(turn.Operation, long.Parse(turn.Slot("follow_up")!, CultureInfo.InvariantCulture), cancellationToken);
        turn.Say("action_completed", new Dictionary<string, string> { ["action"] = done.Description });
    });

    private static async Task<ActionResult> MyTasksAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var cases = await services.Cases.Reader.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        if (cases.Count == 0)
        {
            turn.Say("no_case_staff");
            return ActionResult.Next;
        }

        var today = ChinaTime.Today(turn.Now);
        var text = new StringBuilder($"您有{cases.Count}个在办案件：\n");
        foreach (var c in cases.Take(20))
        {
            var project = await turn.Turn.Work.Projects.FindAsync(c.ProjectId, cancellationToken);
            var items = await turn.Turn.Work.Cases.ItemsAsync(c.Id, cancellationToken);
            var overdue = items.Where(i => i.IsOverdueOn(today))
                .Select(i => services.Catalog.FindItem(i.ItemCode)?.Name ?? i.ItemCode).ToList();
            var open = items.Count(i => i.Status.IsOpen());
            text.Append(CultureInfo.InvariantCulture, $"- {project?.Name}（{c.ReferenceNo}）：{open}项未办结{(overdue.Count > 0 ? $"，**超期：{string.Join("、", overdue)}**" : "")}\n");
        }

        turn.SayMarkdown(text.ToString().TrimEnd());
        return ActionResult.Next;
    }

    private static long CaseId(DialogTurn turn) => long.Parse(turn.Slot("case")!, CultureInfo.InvariantCulture);

    /// <summary>Names typed in one line, separated as people separate them; "无" is none.</summary>
    private static List<string> SplitList(string text) =>
        text.Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries).Where(p => p is not ("无" or "没有")).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Runs a case operation; a refusal becomes its polite message and ends the flow, with nothing changed.</summary>
    /// <summary>Runs a case operation; its refusal (a <see cref="CaseOperationException"/>) is said to the user and ends the flow.</summary>
    internal static async Task<ActionResult> GuardAsync(DialogTurn turn, Func<Task> operation)
    {
        try
        {
            await operation();
            return ActionResult.Next;
        }
        catch (CaseOperationException ex)
        {
            turn.SayText(ex.Message);
            return ActionResult.Finish;
        }
    }
}
