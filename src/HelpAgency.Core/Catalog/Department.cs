namespace HelpAgency.Core.Catalog;

/// <summary>A department or utility that handles approval items, with its window for 找谁办 answers.</summary>
public sealed record Department(string Code, string Name, IReadOnlyList<string> Aliases, string? Address, string? Phone, string? Hours);
