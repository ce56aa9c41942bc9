namespace HelpAgency.Core.Oversight;

/// <summary>The raw aggregates of the supervisor overview, as the database counts them.</summary>
public sealed record OverviewData(
    IReadOnlyDictionary<string, int> CasesByStatus,
    IReadOnlyList<CodeCount> OpenByCurrentItem,
    int OverdueCount,
    IReadOnlyList<OverdueRow> OverdueItems,
    IReadOnlyList<ItemSpan> CompletedSpans,
    IReadOnlyList<CodeCount> Scores,
    IReadOnlyList<AssistantLoad> Assistants);

/// <summary>How many rows share a code; a null code is counted too (e.g. an open case with every item done).</summary>
public sealed record CodeCount(string? Code, int Count);

/// <summary>An item past its planned due date, with enough of its case to show and open it.</summary>
public sealed record OverdueRow(long CaseId, string ReferenceNo, string ProjectName, string? AssistantId, string ItemCode, string Status, DateOnly PlannedDue);

/// <summary>Completed items of one code that ran between the same two days (China time): their count.</summary>
public sealed record ItemSpan(string ItemCode, DateOnly From, DateOnly To, int Count);

/// <summary>An assistant's open and total cases (a null id: cases nobody was assigned).</summary>
public sealed record AssistantLoad(string? AssistantId, int Open, int Total);
