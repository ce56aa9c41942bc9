namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// Every action the flows (dialogs/flows/*.yaml) may name with <c>action:</c>, one small class each, registered by the
/// name the flows use. An action reads the turn, calls the case operations (which check, record and push), and answers
/// with reply templates; it never writes the ledger or the outbox itself.
/// </summary>
public static class DialogActions
{
    public static IReadOnlyList<IDialogAction> All() =>
    [
        // 办什么, 找谁办, 如何办, 查进度, 帮助.
        new PickCaseAction(),
        new ProjectTypeFromCaseAction(),
        new ListProjectTypesAction(),
        new AnswerWhatToHandleAction(),
        new AnswerWhomToContactAction(),
        new AnswerHowToProceedAction(),
        new AnswerProgressAction(),
        new HelpAction(),

        // 提前介入, 委托受理, 材料预审, 转人工.
        new ApplySummaryAction(),
        new CheckDuplicateAction(),
        new ListFieldsAction(),
        new ApplyServiceAction(),
        new BookVisitAction(),
        new ListMaterialsAction(),
        new PrecheckSelfAction(),
        new HandoffAction(),

        // 实施帮办代办 (staff).
        new UpdateProgressAction(),
        new LogServiceAction(),
        new MyTasksAction(),

        // 协调办理 (staff).
        new RaiseCoordinationAction(),
        new CheckParticipantsAction(),
        new ScheduleMeetingAction(),
        new PickMeetingAction(),
        new CheckActionOwnersAction(),
        new RecordMinutesAction(),
        new PickActionAction(),
        new CompleteActionAction(),

        // 项目归档: evaluation, complaint, termination.
        new EvaluateAction(),
        new TerminateAction(),
        new ComplaintAction(),
        new RequestEvaluationAction(),
        new ReasonInMessageAction(),
        new CheckUnansweredAction(),
        new TerminateUnansweredAction(),

        // 改派 and 督办 (supervisors).
        new PickAssistantAction(),
        new ReassignCaseAction(),
        new SuperviseCaseAction(),
        new SatisfactionReportAction(),
        new OpenComplaintsAction(),
    ];

    /// <summary>The reply templates the actions and card clicks say beyond those the flows name; the start fails when replies.yaml lacks one.</summary>
    public static IEnumerable<string> Templates =>
    [
        "case.label", "case.list_separator",
        "apply_summary", "apply_summary_facts", "apply_accepted", "apply_left_out", "apply_to_confirm", "apply_assistant", "apply_no_assistant",
        "visit_booked", "visit_assistant", "visit_assistant_unknown", "handoff", "handoff_nobody",
        "material_line", "material_line_optional", "self_check_complete", "self_check_optional", "self_check_review", "self_check_missing",
        "evaluated", "evaluated_again", "evaluated_low", "terminated", "complaint_recorded", "evaluation_requested", "terminated_unanswered",
        "progress_updated", "service_logged", "no_case", "no_case_staff", "my_tasks_head", "my_tasks_case", "my_tasks_overdue",
        "my_tasks_waiting", "my_tasks_waiting_handoff", "my_tasks_waiting_complaint", "my_tasks_low_score", "my_tasks_visits_head", "my_tasks_visit",
        "my_tasks_actions_head", "my_tasks_action_late",
        "coordination_raised", "meeting_scheduled", "meeting_label", "no_meeting", "no_meeting_begun", "minutes_recorded", "follow_up_label", "no_open_action", "action_completed",
        "no_assistants", "case_reassigned", "case_supervised",
        "satisfaction_report", "satisfaction_score", "satisfaction_none", "complaints_head", "complaints_none", "complaint_line", "complaint_answered", "complaint_waiting", "complaint_no_project",
        "help", "help_assistant", "help_supervisor", "what_to_handle_head", "what_to_handle_stage", "what_to_handle_current", "what_to_handle_optional",
        "what_to_handle_item", "what_to_handle_hint", "whom_department", "no_assistant_on_duty", "your_assistant", "duty_assistant",
        "how_head", "how_department", "how_no_fee", "how_requires", "how_first_requires", "how_first_none", "how_submit_online", "how_submit_window",
        "how_submit_both", "how_steps", "how_materials", "how_material", "how_material_optional", "how_condition", "how_footer",
        "days_immediate", "days_promised", "days_working", "mode_online", "mode_window", "mode_both",
        "department_window_general", "department_phone_general", "department_hours_general",
        "progress_head", "progress_all_done", "progress_overdue_item", "progress_blocked_item", "progress_quoted", "progress_issue", "progress_at_department",
        "progress_list_separator", "progress_and_more", "progress_next_correct", "progress_next_prepare", "progress_next_prepare_late", "progress_no_assistant", "progress_assistant",
        "progress_departments", "progress_no_departments", "progress_overdue", "progress_no_overdue", "progress_remaining", "progress_none_remaining",
        "progress_no_next", "progress_blocked", "progress_next_department", "progress_details_hint", "progress_stage_done", "progress_item_late",
        "progress_item", "progress_item_reason",
        .. CardClicks.Templates,
    ];
}
