using System.Text.RegularExpressions;

namespace HelpAgency.Core.Recognition;

/// <summary>A pattern that decides an intent outright when it matches the normalised text; the highest priority wins.</summary>
public sealed record IntentRule(string Intent, Regex Pattern, int Priority, string File, long Line);
