namespace HelpAgency.Host.Admin;

/// <summary>POST /api/admin/cases/{id}/items/{code}: the new status (stored name), a certificate number for 已办结, a note.</summary>
public sealed record ItemUpdateRequest(string? Status, string? CertificateNo, string? Note);

/// <summary>POST /api/admin/cases/{id}/records: a free-text service record, optionally about one item.</summary>
public sealed record ServiceRecordRequest(string? Text, string? ItemCode);

/// <summary>POST /api/admin/cases/{id}/issues: a coordination issue and its lead department.</summary>
public sealed record IssueRequest(string? Title, string? LeadDepartment, string? ItemCode);

/// <summary>POST /api/admin/cases/{id}/meetings: a coordination meeting.</summary>
public sealed record MeetingBody(string? Topic, DateTimeOffset? StartsAt, string? Place, List<string>? Participants, string? Agenda, long? IssueId);

/// <summary>POST /api/admin/cases/{id}/reassign: the assistant to hand the case to.</summary>
public sealed record ReassignRequest(string? AssistantId);

/// <summary>POST /api/admin/cases/{id}/terminate and /terminate-unanswered: why the service ends.</summary>
public sealed record TerminateRequest(string? Reason);

/// <summary>
/// POST /api/admin/cases: the 《投资项目帮办代办服务申请表》 as the enterprise filled it in, for its contact's WeCom account
/// (<see cref="ContactUserId"/>); the project type by its catalog code; no <see cref="ItemCodes"/> plans the type's items
/// (conditional ones kept for the assistant to confirm). <see cref="Agreement"/> is the signed form, required.
/// <see cref="NotDuplicateOf"/>: the id of the open case of the same unit and project a first attempt was refused for
/// (409), confirming that this application is for a different project. <see cref="AssistantId"/>: the assistant the case
/// goes to (an assistant may name only themselves); none assigns it by the rule.
/// </summary>
public sealed record CaseApplicationRequest(
    string? ProjectName,
    string? UnitName,
    string? CreditCode,
    string? ProjectType,
    string? Park,
    string? ContactUserId,
    string? ContactName,
    string? ContactPhone,
    bool? IsKeyProject,
    bool? CommitsToStart,
    List<string>? ItemCodes,
    SignedFormBody? Agreement,
    long? NotDuplicateOf = null,
    string? AssistantId = null);

/// <summary>The paper 申请表 the enterprise's 项目经办人 signed: the day (China time) and who signed it.</summary>
public sealed record SignedFormBody(DateOnly? SignedOn, string? SignedBy);

/// <summary>A case opened from an application: its reference, assistant (null with nobody on duty) and planned finish.</summary>
public sealed record CaseOpened(long Id, string Reference, string? Assistant, DateOnly Finish);

/// <summary>GET /api/admin/intake: what the console's intake form says (console.yaml's intake.* texts) and the catalog's project types.</summary>
public sealed record IntakeForm(IReadOnlyDictionary<string, string> Texts, IReadOnlyList<ProjectTypeInfo> ProjectTypes);

/// <summary>A project type an application may name: its catalog code and name.</summary>
public sealed record ProjectTypeInfo(string Code, string Name);

/// <summary>409 of POST /api/admin/cases: the open case of the same unit and project the application would repeat.</summary>
public sealed record DuplicateApplication(string Error, OpenCaseRef Duplicate);

/// <summary>An open case as a refusal names it: its id (what notDuplicateOf takes), reference and project.</summary>
public sealed record OpenCaseRef(long Id, string Reference, string ProjectName);

/// <summary>An item's status change: the item, its status before and after, and the stage it completed, if any.</summary>
public sealed record ItemUpdated(string Item, string From, string Status, string? CompletedStage);

/// <summary>A service record written to the ledger.</summary>
public sealed record RecordLogged(long LedgerId);

/// <summary>The contacts were asked for the evaluation: the day of the first request, and the first day the case may end without one.</summary>
public sealed record EvaluationRequested(long Id, DateOnly RequestedOn, DateOnly TerminableFrom);

/// <summary>A case, issue or meeting and its status (stored name) after the operation.</summary>
public sealed record StatusOf(long Id, string Status);

/// <summary>A case and the assistant it is now assigned to.</summary>
public sealed record Reassigned(long Id, string? Assistant);
