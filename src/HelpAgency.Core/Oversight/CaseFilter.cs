using HelpAgency.Core.Cases;

namespace HelpAgency.Core.Oversight;

/// <summary>What the staff case list can be narrowed by; null means any.</summary>
public sealed record CaseFilter(
    IReadOnlyList<CaseStatus>? Statuses = null,
    string? Stage = null,
    string? AssistantId = null,
    string? Park = null,
    bool? Overdue = null,
    bool? KeyProject = null);

/// <summary>
/// A filter as the repository runs it: the stage turned into the item codes of that stage, the reader's
/// scope (an assistant sees only their own cases) and the day that decides what is overdue.
/// </summary>
public sealed record CaseQuery(CaseFilter Filter, string? ScopeAssistantId, IReadOnlyList<string>? StageItemCodes, DateOnly Today);
