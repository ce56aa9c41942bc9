using HelpAgency.Core.Cases;

namespace HelpAgency.Core.Oversight;

/// <summary>A row of the staff case list: the case, its project, and where its items stand.</summary>
public sealed record CaseSummary(
    long Id,
    string ReferenceNo,
    long ProjectId,
    string ProjectName,
    string UnitName,
    string Park,
    bool IsKeyProject,
    CaseStatus Status,
    string? AssistantId,
    string? AssistantName,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int ItemCount,
    int ItemsDone,
    int OverdueItems,
    string? CurrentItemCode,
    DateOnly? NextDue,
    int? EvaluationScore);
