namespace HelpAgency.Core.Projects;

/// <summary>Why a credit code was refused: the credit_code.* template of replies.yaml that explains it, with its values.</summary>
public sealed record CreditCodeProblem(string Key, params (string Key, string Value)[] Values)
{
    /// <summary>Every explanation there is; the start fails when replies.yaml lacks one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        "credit_code.empty", "credit_code.length", "credit_code.unused_letter", "credit_code.bad_character", "credit_code.authority",
        "credit_code.organization_type", "credit_code.division", "credit_code.check_character",
    ];

    public override string ToString() => Values.Length == 0 ? Key : $"{Key} ({string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"))})";
}
