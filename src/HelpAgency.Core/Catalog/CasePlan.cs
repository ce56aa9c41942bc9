namespace HelpAgency.Core.Catalog;

/// <summary>
/// A case's schedule (进度计划表): items in the order they can start, totals per stage in stage order,
/// and the overall finish date. Government time only: the applicant's preparation time is not included.
/// </summary>
public sealed record CasePlan(
    string ProjectType,
    DateOnly Start,
    DateOnly Finish,
    int TotalWorkingDays,
    IReadOnlyList<PlannedItem> Items,
    IReadOnlyList<StagePlan> Stages)
{
    public PlannedItem? Find(string code) =>
        Items.FirstOrDefault(i => string.Equals(i.Item.Code, code, StringComparison.OrdinalIgnoreCase));
}
