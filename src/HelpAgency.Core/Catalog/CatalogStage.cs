namespace HelpAgency.Core.Catalog;

/// <summary>A stage of the approval process (审批阶段), e.g. 施工许可; optional stages are offered, not assumed.</summary>
public sealed record CatalogStage(string Code, string Name, IReadOnlyList<string> Aliases, int Order, bool Optional, string? Description);
