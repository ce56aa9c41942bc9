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

/// <summary>POST /api/admin/cases/{id}/terminate: why the service ends.</summary>
public sealed record TerminateRequest(string? Reason);
