namespace HelpAgency.Core.Catalog;

/// <summary>
/// A project type (项目类型) that decides which items apply. An overlay type (重点项目) is a tag added to a
/// base type: it changes how items are handled, not which items apply, so no item lists it.
/// </summary>
public sealed record ProjectType(string Code, string Name, IReadOnlyList<string> Aliases, bool Overlay, string? Description);
