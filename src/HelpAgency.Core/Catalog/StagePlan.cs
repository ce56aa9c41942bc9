namespace HelpAgency.Core.Catalog;

/// <summary>
/// A stage's share of a plan: first start, last due date, the working days between them (items run in
/// parallel where the catalog allows) and the plain sum of its items' working days.
/// </summary>
public sealed record StagePlan(
    CatalogStage Stage,
    DateOnly Start,
    DateOnly Finish,
    int WorkingDays,
    int SumOfItemDays,
    int ItemCount);
