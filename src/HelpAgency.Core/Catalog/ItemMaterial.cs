namespace HelpAgency.Core.Catalog;

/// <summary>One application material of an item; optional ones are needed only in the case the note names.</summary>
public sealed record ItemMaterial(string Name, bool Required, string? Note);
