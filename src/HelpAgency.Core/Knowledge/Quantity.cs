namespace HelpAgency.Core.Knowledge;

/// <summary>A number read from a question, converted to its kind's base unit, at offsets into the text.</summary>
public readonly record struct Quantity(QuantityKind Kind, double Value, int Start, int End);
