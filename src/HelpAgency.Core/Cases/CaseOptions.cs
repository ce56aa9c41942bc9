namespace HelpAgency.Core.Cases;

/// <summary>Section "Cases": the service's own time limits.</summary>
public sealed class CaseOptions
{
    public const string Section = "Cases";

    /// <summary>
    /// Working days the project's contacts have to give the evaluation once asked for it; after them, without one, a
    /// supervisor may end the case (未评价终止).
    /// </summary>
    public int UnansweredEvaluationWorkingDays { get; set; } = 10;
}
