using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Cases;

/// <summary>Stops the start on a wait that is no wait at all or longer than a quarter of a year of working days.</summary>
public sealed class CaseOptionsValidator : IValidateOptions<CaseOptions>
{
    public const int MaxWorkingDays = 60;

    public ValidateOptionsResult Validate(string? name, CaseOptions options) =>
        options.UnansweredEvaluationWorkingDays is >= 1 and <= MaxWorkingDays
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cases:UnansweredEvaluationWorkingDays must be between 1 and {MaxWorkingDays} working days (default 10), not {options.UnansweredEvaluationWorkingDays}.");
}
