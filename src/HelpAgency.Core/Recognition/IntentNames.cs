namespace HelpAgency.Core.Recognition;

/// <summary>The intent names: an interface between the recognizer, the dialogs and the tests.</summary>
public static class IntentNames
{
    public const string WhatToHandle = "what_to_handle";
    public const string WhomToContact = "whom_to_contact";
    public const string HowToProceed = "how_to_proceed";
    public const string ProgressQuery = "progress_query";
    public const string ApplyService = "apply_service";
    public const string BookVisit = "book_visit";
    public const string PrecheckMaterials = "precheck_materials";
    public const string Evaluate = "evaluate";
    public const string TerminateService = "terminate_service";
    public const string Complaint = "complaint";
    public const string Handoff = "handoff";
    public const string Greet = "greet";
    public const string Help = "help";
    public const string Cancel = "cancel";
    public const string OutOfScope = "out_of_scope";
    public const string UpdateProgress = "update_progress";
    public const string LogService = "log_service";
    public const string RaiseCoordination = "raise_coordination";
    public const string ScheduleMeeting = "schedule_meeting";
    public const string MyTasks = "my_tasks";
    public const string RecordMinutes = "record_minutes";

    /// <summary>改派: a supervisor hands a case to another assistant (把光谷智造园转给王帮办).</summary>
    public const string ReassignCase = "reassign_case";

    /// <summary>督办: a supervisor urges a case's assistant, with an urgent push and a ledger line.</summary>
    public const string SuperviseCase = "supervise_case";

    /// <summary>本月满意度: a supervisor asks how this month's evaluations scored.</summary>
    public const string SatisfactionReport = "satisfaction_report";

    /// <summary>投诉列表: a supervisor asks for this month's complaints.</summary>
    public const string ComplaintList = "complaint_list";

    /// <summary>
    /// Not an intent but a class of the classifier: a question with one factual answer, taught by the knowledge base's
    /// phrasings. It never appears in a ranking; <see cref="RecognitionResult.Knowledge"/> carries its probability.
    /// </summary>
    public const string Knowledge = "knowledge";

    /// <summary>A follow-up action reported done; open to any role, as department representatives own actions too.</summary>
    public const string CompleteAction = "complete_action";

    /// <summary>Intents only staff (assistants, supervisors) may use.</summary>
    public static IReadOnlyList<string> Staff { get; } = [UpdateProgress, LogService, RaiseCoordination, ScheduleMeeting, RecordMinutes, MyTasks, ReassignCase, SuperviseCase, SatisfactionReport, ComplaintList];

    /// <summary>Every intent the content must define.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        WhatToHandle, WhomToContact, HowToProceed, ProgressQuery, ApplyService, BookVisit, PrecheckMaterials, Evaluate,
        TerminateService, Complaint, Handoff, Greet, Help, Cancel, OutOfScope, CompleteAction, .. Staff,
    ];
}
