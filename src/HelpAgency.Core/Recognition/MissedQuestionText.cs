using System.Text.RegularExpressions;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// What of a missed question is kept: the text with its long numbers masked (phone and ID numbers, unified social credit
/// codes), since supervisors need the question, not who can be reached or identified by it.
/// </summary>
public static partial class MissedQuestionText
{
    /// <summary>Replaces every character of an 18-character credit or ID code and of a run of 6 or more digits (spaces or hyphens between them allowed) with '*'.</summary>
    public static string Mask(string text) => LongNumber().Replace(text, m => new string('*', m.Length));

    // A credit code: 2 letters or digits, a 6-digit region, 10 letters or digits (no I, O, S, V, Z); an ID number's X;
    // then any 6 or more digits. The codes go first so that their letters are masked with their digits.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Za-z])|\d{17}[0-9Xx]|\d(?:[ \-]?\d){5,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();
}
