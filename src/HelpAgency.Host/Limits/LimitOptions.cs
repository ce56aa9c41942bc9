using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Limits;

/// <summary>Section "Limits": how much one client address and one user may ask of the host.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests a minute one client address may make to the local channel and the NLU endpoint.</summary>
    public int PerClientPerMinute { get; set; } = 300;

    /// <summary>Messages a minute one user may send, on either channel; a burst of a third of it is allowed at once.</summary>
    public int TurnsPerUserPerMinute { get; set; } = 30;

    /// <summary>Turns of one user that may wait behind the one running in this host.</summary>
    public int QueuedTurnsPerUser { get; set; } = 3;

    /// <summary>Refused WeCom callbacks (bad signature, stale, malformed) a minute from one address before its refusals become 429; a verified callback is always taken.</summary>
    public int CallbackRefusalsPerClientPerMinute { get; set; } = 30;
}

internal sealed class LimitOptionsValidator : IValidateOptions<LimitOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitOptions options)
    {
        var errors = new List<string>();
        Check(options.PerClientPerMinute, nameof(options.PerClientPerMinute), 1, 1_000_000);
        Check(options.TurnsPerUserPerMinute, nameof(options.TurnsPerUserPerMinute), 1, 10_000);
        Check(options.QueuedTurnsPerUser, nameof(options.QueuedTurnsPerUser), 0, 1_000);
        Check(options.CallbackRefusalsPerClientPerMinute, nameof(options.CallbackRefusalsPerClientPerMinute), 1, 1_000_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(int value, string key, int min, int max)
        {
            if (value < min || value > max)
            {
                errors.Add($"Limits:{key} must be between {min} and {max}, not {value}.");
            }
        }
    }
}
