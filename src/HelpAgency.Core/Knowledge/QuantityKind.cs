namespace HelpAgency.Core.Knowledge;

/// <summary>What a number in a question measures; each kind has one base unit the reader converts to.</summary>
public enum QuantityKind
{
    /// <summary>Money, in yuan.</summary>
    Money,

    /// <summary>Area, in square metres.</summary>
    Area,

    /// <summary>Length or height, in metres.</summary>
    Length,

    /// <summary>Energy consumption, in tonnes of standard coal equivalent.</summary>
    Energy,

    /// <summary>Electricity, in kilowatt-hours.</summary>
    Electricity,

    /// <summary>A plain count or a number without a unit.</summary>
    Count,

    /// <summary>Volume (土石方), in cubic metres.</summary>
    Volume,
}
