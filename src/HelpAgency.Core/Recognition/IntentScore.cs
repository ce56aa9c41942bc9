namespace HelpAgency.Core.Recognition;

/// <summary>An intent with its confidence, 0 to 1.</summary>
public sealed record IntentScore(string Name, double Confidence);
