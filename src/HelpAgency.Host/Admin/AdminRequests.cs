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
