namespace HelpAgency.Core.Catalog;

/// <summary>An approval item (审批事项) of the catalog; time limits are in working days.</summary>
public sealed record ApprovalItem(
    string Code,
    string Name,
    IReadOnlyList<string> Aliases,
    string Stage,
    string Department,
    int? StatutoryDays,
    int? PromisedDays,
    SubmissionMode Mode,
    string? Fee,
    IReadOnlyList<string> ProjectTypes,
    IReadOnlyList<string> Requires,
    IReadOnlyList<ItemMaterial> Materials,
    string? Condition,
    string? Basis)
{
    /// <summary>The days a plan counts: the promised limit, else the statutory one; 0 means done the same day (即办).</summary>
    public int PlanningDays => PromisedDays ?? StatutoryDays ?? 0;

    /// <summary>True when the item applies to <paramref name="projectType"/> (a base type code).</summary>
    public bool AppliesTo(string projectType) => ProjectTypes.Contains(projectType, StringComparer.OrdinalIgnoreCase);
}
