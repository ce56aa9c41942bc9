using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Outbox;

/// <summary>Stops the start on a "Pushes" setting the dispatcher cannot work with, naming it.</summary>
public sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        var errors = new List<string>();
        Positive(errors, nameof(PushOptions.MaxAttempts), options.MaxAttempts);
        Positive(errors, nameof(PushOptions.PerMemberPerMinute), options.PerMemberPerMinute);
        Positive(errors, nameof(PushOptions.PerMemberPerHour), options.PerMemberPerHour);
        Positive(errors, nameof(PushOptions.GlobalPerMinute), options.GlobalPerMinute);
        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add($"Pushes:BatchSize must be 1..1000, not {options.BatchSize}.");
        }

        if (options.SendConcurrency is < 1 or > 256)
        {
            errors.Add($"Pushes:SendConcurrency must be 1..256, not {options.SendConcurrency}.");
        }

        if (options.ConcurrentBatches is < 1 or > 32)
        {
            errors.Add($"Pushes:ConcurrentBatches must be 1..32, not {options.ConcurrentBatches}.");
        }

        if (options.Lease < TimeSpan.FromSeconds(3))
        {
            errors.Add($"Pushes:Lease must be at least 3 seconds, not {options.Lease}.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.FollowUpInterval <= TimeSpan.Zero)
        {
            errors.Add("Pushes:PollInterval and Pushes:FollowUpInterval must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value < 1)
        {
            errors.Add($"Pushes:{key} must be at least 1, not {value}.");
        }
    }
}
