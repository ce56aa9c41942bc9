namespace HelpAgency.Core.Cases;

/// <summary>
/// The wait for an evaluation the contacts were asked for: the day of the first request they were sent, and the first
/// day a supervisor may end the case without one (<see cref="CaseOptions.UnansweredEvaluationWorkingDays"/> later).
/// </summary>
public sealed record EvaluationWait(DateOnly RequestedOn, DateOnly TerminableFrom, int WorkingDays)
{
    public bool IsOver(DateTimeOffset now) => ChinaTime.Today(now) >= TerminableFrom;
}
