using HelpAgency.Core.Cases;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// One move of a case plan: the not-started items planned after the late item <paramref name="LateItemCode"/>, moved on
/// together by <paramref name="Days"/> working days; <paramref name="Moved"/> holds them with their new dates.
/// </summary>
public sealed record PlanShift(string LateItemCode, int Days, IReadOnlyList<CaseItem> Moved);
