using System.Text.RegularExpressions;

namespace HelpAgency.Core.Catalog;

/// <summary>A department or utility that handles approval items, with its window for 找谁办 answers.</summary>
public sealed partial record Department(string Code, string Name, IReadOnlyList<string> Aliases, string? Address, string? Phone, string? Hours)
{
    /// <summary>Who represents the department at coordination meetings (a deployment's catalog fills them); none by default.</summary>
    public IReadOnlyList<DepartmentContact> Contacts { get; init; } = [];

    /// <summary>The word catalog.yaml puts in a window, phone or hours the zone has not yet confirmed.</summary>
    public const string UnverifiedMark = "待核实";

    /// <summary>True when <paramref name="text"/> is given and holds nothing still to be confirmed: only such text reaches enterprises.</summary>
    public static bool IsVerified(string? text) => !string.IsNullOrWhiteSpace(text) && !text.Contains(UnverifiedMark, StringComparison.Ordinal);

    /// <summary>The name without a bracketed note still to be confirmed ("燃气经营企业（光谷片区特许经营企业，待核实）" is "燃气经营企业").</summary>
    public string VerifiedName => UnverifiedNote().Replace(Name, "").Trim();

    [GeneratedRegex(@"（[^（）]*待核实[^（）]*）|\([^()]*待核实[^()]*\)")]
    private static partial Regex UnverifiedNote();
}
