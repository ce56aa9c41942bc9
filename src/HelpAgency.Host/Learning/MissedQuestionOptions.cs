using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Learning;

/// <summary>Section "MissedQuestions": how long the questions the bot could not answer are kept.</summary>
public sealed class MissedQuestionOptions
{
    public const string Section = "MissedQuestions";

    /// <summary>Days a missed question is kept for the supervisors before it is deleted.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Whether the host deletes them itself, at start and hourly; tests call <see cref="MissedQuestionRetention.PurgeOnceAsync"/>.</summary>
    public bool RunInBackground { get; set; } = true;
}

internal sealed class MissedQuestionOptionsValidator : IValidateOptions<MissedQuestionOptions>
{
    public ValidateOptionsResult Validate(string? name, MissedQuestionOptions options) =>
        options.RetentionDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail($"MissedQuestions:RetentionDays must be between 1 and 3650, not {options.RetentionDays}.")
            : ValidateOptionsResult.Success;
}
