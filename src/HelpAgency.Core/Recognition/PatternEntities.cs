using System.Text.RegularExpressions;

namespace HelpAgency.Core.Recognition;

/// <summary>Phone numbers and unified social credit codes, found by their shape (the check digit is checked elsewhere).</summary>
internal static partial class PatternEntities
{
    /// <summary>Adds what is found in <paramref name="folded"/> (same offsets as the original) to <paramref name="output"/>.</summary>
    public static void Collect(string folded, List<RecognizedEntity> output)
    {
        foreach (Match match in CreditCode().Matches(folded))
        {
            output.Add(new RecognizedEntity("credit_code", match.Value.ToUpperInvariant(), null, match.Index, match.Index + match.Length));
        }

        foreach (Match match in Phone().Matches(folded))
        {
            if (output.Any(e => match.Index < e.End && e.Start < match.Index + match.Length))
            {
                continue;
            }

            var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
            var value = digits.StartsWith("027", StringComparison.Ordinal) ? $"027-{digits[3..]}" : digits;
            output.Add(new RecognizedEntity("phone", value, null, match.Index, match.Index + match.Length));
        }
    }

    // 18 characters: registration authority and type, 6-digit area code, 9-character organisation code, check character.
    [GeneratedRegex(@"(?<![0-9a-z])[0-9a-hj-npqrtuwxy]{2}[0-9]{6}[0-9a-hj-npqrtuwxy]{10}(?![0-9a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CreditCode();

    [GeneratedRegex(@"(?<!\d)(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|\(?027\)?[ -]?\d{8})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
