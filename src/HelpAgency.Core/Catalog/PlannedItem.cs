namespace HelpAgency.Core.Catalog;

/// <summary>
/// One row of a plan (进度计划表): the item can be submitted on <see cref="PlannedStart"/> and is due
/// <see cref="WorkingDays"/> working days later; <see cref="WaitsFor"/> are the chosen prerequisites.
/// </summary>
public sealed record PlannedItem(
    ApprovalItem Item,
    DateOnly PlannedStart,
    DateOnly DueDate,
    int WorkingDays,
    IReadOnlyList<string> WaitsFor);
