namespace HelpAgency.Core.Oversight;

/// <summary>The supervisor overview (督导总览), computed from <see cref="OverviewData"/> with the catalog and the calendar.</summary>
public sealed record Overview(
    DateOnly Today,
    int OpenCases,
    int ClosedCases,
    IReadOnlyDictionary<string, int> CasesByStatus,
    IReadOnlyList<StageCount> OpenByStage,
    int OverdueCount,
    IReadOnlyList<OverdueRow> OverdueItems,
    IReadOnlyList<ItemDuration> ItemDurations,
    Satisfaction Satisfaction,
    IReadOnlyList<AssistantCases> Assistants);

/// <summary>Open cases whose current item (the first open one) is in a stage; a null stage: every item done, waiting to be archived.</summary>
public sealed record StageCount(string? Stage, string Name, int Cases);

/// <summary>Completed items of one code: how many, their average working days from acceptance to completion, and the promised limit.</summary>
public sealed record ItemDuration(string ItemCode, string Name, int Completed, double AverageWorkingDays, int? PromisedDays);

/// <summary>The evaluations (服务评价): how many, their average, and the count of each score 1..5.</summary>
public sealed record Satisfaction(int Count, double? Average, IReadOnlyList<int> Distribution);

public sealed record AssistantCases(string? AssistantId, string Name, int Open, int Total);
