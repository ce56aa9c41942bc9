using System.Globalization;
using System.Text;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>The forms' last steps: each calls one case operation and tells the people concerned.</summary>
public static class CaseActions
{
    public static IEnumerable<IDialogAction> All() =>
    [
        new DialogAction("apply_summary", ApplySummaryAsync),
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
        new DialogAction("my_tasks", MyTasksAsync),
    ];

    private static Task<ActionResult> ApplySummaryAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        string Show(string slot) => turn.Slot(slot + ":display") ?? turn.Slot(slot) ?? "";
        turn.SayMarkdown(
            $"请核对申请信息：\n- 项目名称：{Show("project_name")}\n- 项目单位：{Show("unit_name")}\n- 统一社会信用代码：{Show("credit_code")}\n" +
            $"- 项目类型：{Show("project_type")}\n- 所在园区：{Show("park")}\n- 联系人：{Show("contact_name")} {Show("phone")}\n- 承诺可开工：{Show("commits_to_start")}");
        return Task.FromResult(ActionResult.Next);
    }

    private static Task<ActionResult> ApplyAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var details = await turn.Services.Cases.ApplyAsync(turn.Operation, new ServiceApplication(
            turn.Slot("project_name")!, turn.Slot("unit_name")!, turn.Slot("credit_code")!, turn.Slot("project_type")!, turn.Slot("park")!,
            turn.Slot("contact_name")!, turn.Slot("phone")!, CommitsToStart: turn.Slot("commits_to_start") == "yes"), cancellationToken);
        var assistant = details.Case.AssistantId is { } id ? await turn.Turn.Work.Staff.FindAsync(id, cancellationToken) : null;
        var finish = details.Items.Max(i => i.PlannedDue);
        turn.SayMarkdown($"申请已受理，受理编号 **{details.Case.ReferenceNo}**。\n共{details.Items.Count}个审批事项，按承诺时限预计{finish:yyyy年M月d日}前全部办结。" +
            (assistant is null ? "\n帮办专员将尽快与您联系。" : $"\n您的帮办专员：{assistant.Name} {assistant.Phone}，将在1个工作日内与您联系。"));
        if (assistant is not null)
        {
            await turn.Services.Notifier.NotifyAsync(turn.Turn.Work, assistant.UserId, new Reply(ReplyTypes.Card,
                $"项目：{details.Project.Name}（{details.Project.Park}）\n联系人：{turn.Slot("contact_name")} {turn.Slot("phone")}\n请尽快联系项目单位。",
                $"新案件 {details.Case.ReferenceNo}", CardClicks.NewCaseButtons(details.Case.Id)), turn.Now, cancellationToken);
        }
        else
        {
            await NotifySupervisorsAsync(turn, $"**新案件待分派** {details.Case.ReferenceNo}：{details.Project.Name}，当前无在岗帮办专员。", cancellationToken);
        }
    });

    private static Task<ActionResult> BookVisitAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var onsite = turn.Recent.Any(m => m.Contains("上门", StringComparison.Ordinal)) || turn.Slot("place") is { } p && !p.Contains("政务", StringComparison.Ordinal);
        var cases = await turn.Services.Cases.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
        var visit = await turn.Services.Cases.BookVisitAsync(turn.Operation, new VisitRequest(
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
        if (assistant is not null)
        {
            await NotifyAsync(turn, assistant.UserId, $"**新预约** {(onsite ? "上门服务" : "预约咨询")}\n时间：{turn.Slot("datetime:display")}\n地点：{visit.Place}\n事项：{visit.Topic}\n电话：{visit.Phone}", cancellationToken);
        }
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

        var cases = turn.User.Role == UserRole.Contact ? await turn.Services.Cases.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken) : [];
        var serviceCase = cases.FirstOrDefault(c => c.AssistantId is not null);
        if (serviceCase is not null)
        {
            await turn.Turn.Work.Ledger.AppendAsync(turn.User, new NewLedgerEntry("self_precheck", serviceCase.Id, serviceCase.ProjectId, item.Code,
                System.Text.Json.JsonSerializer.Serialize(new { missing, have = have.Order() }, LedgerJson.Options)), turn.Now, cancellationToken);
            await NotifyAsync(turn, serviceCase.AssistantId!, $"**材料自查** {serviceCase.ReferenceNo}\n事项：{item.Name}\n" + (missing.Count == 0 ? "必需材料已齐，请做规范性预审。" : $"缺少：{string.Join("、", missing)}"), cancellationToken);
        }

        return ActionResult.Next;
    }

    private static Task<ActionResult> EvaluateAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        await turn.Services.Cases.EvaluateAsync(turn.Operation, CaseId(turn), int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture), turn.Slot("comment"), cancellationToken);
        turn.Say("evaluated");
    });

    private static Task<ActionResult> TerminateAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var operations = turn.Services.Cases;
        await operations.EvaluateAsync(turn.Operation, CaseId(turn), int.Parse(turn.Slot("score")!, CultureInfo.InvariantCulture), turn.Slot("comment"), cancellationToken);
        var closed = await operations.TerminateAsync(turn.Operation, CaseId(turn), turn.Slot("reason")!, cancellationToken);
        turn.Say("terminated", new Dictionary<string, string> { ["reference"] = closed.ReferenceNo });
        if (closed.AssistantId is { } assistant)
        {
            await NotifyAsync(turn, assistant, $"**帮办终止** {closed.ReferenceNo}\n原因：{closed.TerminationReason}\n评价：{closed.EvaluationScore}分", cancellationToken);
        }
    });

    private static async Task<ActionResult> ComplaintAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var cases = await turn.Services.Cases.VisibleCasesAsync(turn.Operation, openOnly: false, cancellationToken);
        var serviceCase = cases.FirstOrDefault();
        var id = await turn.Turn.Work.Ledger.AppendAsync(turn.User, new NewLedgerEntry("complaint", serviceCase?.Id, serviceCase?.ProjectId, null,
            System.Text.Json.JsonSerializer.Serialize(new { text = turn.Slot("complaint") }, LedgerJson.Options)), turn.Now, cancellationToken);
        var reference = $"TS{ChinaTime.Of(turn.Now).Year}-{id:D6}";
        turn.Say("complaint_recorded", new Dictionary<string, string> { ["reference"] = reference });
        await NotifySupervisorsAsync(turn, $"**投诉** {reference}\n来自：{turn.User.Id}{(serviceCase is null ? "" : $"（案件{serviceCase.ReferenceNo}）")}\n内容：{turn.Slot("complaint")}\n请尽快处理并答复。", cancellationToken);
        return ActionResult.Next;
    }

    /// <summary>转人工: the user's assistant (or the on-duty one) gets the excerpt and calls back.</summary>
    public static async Task<ActionResult> HandoffAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var cases = turn.User.Role == UserRole.Contact ? await turn.Services.Cases.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken) : [];
        var assistantId = cases.FirstOrDefault(c => c.AssistantId is not null)?.AssistantId
            ?? await CaseOperations.PickAssistantAsync(turn.Turn.Work, null, cancellationToken);
        var assistant = assistantId is null ? null : await turn.Turn.Work.Staff.FindAsync(assistantId, cancellationToken);
        if (assistant is null)
        {
            turn.Say("handoff_nobody");
            await NotifySupervisorsAsync(turn, $"**转人工无人接** 用户 {turn.User.Id}\n最近消息：{string.Join(" / ", turn.Recent)}", cancellationToken);
            return ActionResult.Finish;
        }

        turn.Say("handoff", new Dictionary<string, string> { ["name"] = assistant.Name, ["phone"] = assistant.Phone });
        await NotifyAsync(turn, assistant.UserId, $"**转人工** 用户 {turn.User.Id} 需要人工协助\n最近消息：\n{string.Join('\n', turn.Recent.Select(m => "> " + m))}", cancellationToken);
        await turn.Turn.Work.Ledger.AppendAsync(turn.User, new NewLedgerEntry("handoff", cases.FirstOrDefault()?.Id, cases.FirstOrDefault()?.ProjectId, null,
            System.Text.Json.JsonSerializer.Serialize(new { assistant = assistant.UserId, excerpt = turn.Recent }, LedgerJson.Options)), turn.Now, cancellationToken);
        return ActionResult.Finish;
    }

    private static Task<ActionResult> UpdateProgressAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var status = StoredNames.ParseStored<ItemStatus>(turn.Slot("status")!);
        var change = await turn.Services.Cases.UpdateItemAsync(turn.Operation, CaseId(turn), turn.Slot("item")!, status, turn.Slot("certificate"), null, cancellationToken);
        var name = turn.Slot("item:display");
        turn.Say("progress_updated", new Dictionary<string, string> { ["item"] = name!, ["status"] = status.Label(), ["case"] = turn.Slot("case:display")! });
        var project = await turn.Turn.Work.Projects.FindAsync(change.Case.ProjectId, cancellationToken);
        var message = new StringBuilder($"**进度更新** {project?.Name}\n“{name}”{status.Label()}");
        if (change.After.CertificateNo is { } certificate && status == ItemStatus.Approved)
        {
            message.Append(CultureInfo.InvariantCulture, $"，证照编号 {certificate}");
        }

        if (change.CompletedStage is { } stage)
        {
            message.Append(CultureInfo.InvariantCulture, $"\n🎉 {turn.Services.Catalog.FindStage(stage)?.Name}阶段已全部完成。");
        }

        message.Append(status == ItemStatus.CorrectionRequired ? "\n请按要求补正材料，帮办专员会与您联系。" : "\n回复“进度”可查看全部事项。");
        foreach (var contact in await turn.Turn.Work.Projects.ContactsAsync(change.Case.ProjectId, includeHistory: false, cancellationToken))
        {
            await NotifyAsync(turn, contact.UserId, message.ToString(), cancellationToken);
        }
    });

    private static Task<ActionResult> LogServiceAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        await turn.Services.Cases.LogServiceAsync(turn.Operation, CaseId(turn), turn.Slot("note")!, null, cancellationToken);
        turn.Say("service_logged", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")! });
    });

    private static Task<ActionResult> RaiseCoordinationAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var issue = await turn.Services.Cases.RaiseIssueAsync(turn.Operation, CaseId(turn), null, turn.Slot("title")!, turn.Slot("department")!, cancellationToken);
        turn.Say("coordination_raised", new Dictionary<string, string> { ["case"] = turn.Slot("case:display")! });
        await NotifySupervisorsAsync(turn, $"**协调申请** {turn.Slot("case:display")}\n问题：{issue.Title}\n牵头部门：{issue.LeadDepartment}\n申请人：{turn.User.DisplayName}", cancellationToken);
    });

    private static Task<ActionResult> ScheduleMeetingAsync(DialogTurn turn, CancellationToken cancellationToken) => GuardAsync(turn, async () =>
    {
        var participants = turn.Slot("participants")!.Split([' ', ',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries).Append(turn.User.Id).Distinct().ToList();
        var meeting = await turn.Services.Cases.ScheduleMeetingAsync(turn.Operation, CaseId(turn), new MeetingRequest(
            turn.Slot("topic")!, DateTimeOffset.Parse(turn.Slot("datetime")!, CultureInfo.InvariantCulture), turn.Slot("place")!, participants, null), cancellationToken);
        turn.Say("meeting_scheduled", new Dictionary<string, string> { ["time"] = turn.Slot("datetime:display")!, ["place"] = meeting.Place, ["count"] = participants.Count.ToString(CultureInfo.InvariantCulture) });
        foreach (var participant in participants.Where(p => p != turn.User.Id))
        {
            await NotifyAsync(turn, participant, $"**协调会通知** {meeting.Topic}\n时间：{turn.Slot("datetime:display")}\n地点：{meeting.Place}\n项目：{turn.Slot("case:display")}", cancellationToken);
        }
    });

    private static async Task<ActionResult> MyTasksAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var services = turn.Services;
        var cases = await services.Cases.VisibleCasesAsync(turn.Operation, openOnly: true, cancellationToken);
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
            var overdue = items.Where(i => i.Status.IsPending() && i.Status != ItemStatus.NotStarted && i.PlannedDue < today)
                .Select(i => services.Catalog.FindItem(i.ItemCode)?.Name ?? i.ItemCode).ToList();
            var open = items.Count(i => i.Status.IsOpen());
            text.Append(CultureInfo.InvariantCulture, $"- {project?.Name}（{c.ReferenceNo}）：{open}项未办结{(overdue.Count > 0 ? $"，**超期：{string.Join("、", overdue)}**" : "")}\n");
        }

        turn.SayMarkdown(text.ToString().TrimEnd());
        return ActionResult.Next;
    }

    private static long CaseId(DialogTurn turn) => long.Parse(turn.Slot("case")!, CultureInfo.InvariantCulture);

    /// <summary>Runs a case operation; a refusal becomes its polite message and ends the flow, with nothing changed.</summary>
    private static async Task<ActionResult> GuardAsync(DialogTurn turn, Func<Task> operation)
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

    private static Task NotifyAsync(DialogTurn turn, string userId, string markdown, CancellationToken cancellationToken) =>
        turn.Services.Notifier.NotifyAsync(turn.Turn.Work, userId, Reply.Markdown(markdown), turn.Now, cancellationToken);

    private static async Task NotifySupervisorsAsync(DialogTurn turn, string markdown, CancellationToken cancellationToken)
    {
        foreach (var supervisor in await turn.Turn.Work.Staff.ListAsync(UserRole.Supervisor, cancellationToken))
        {
            await NotifyAsync(turn, supervisor.UserId, markdown, cancellationToken);
        }
    }
}
