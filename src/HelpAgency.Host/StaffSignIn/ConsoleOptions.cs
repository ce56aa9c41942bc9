using Microsoft.Extensions.Options;

namespace HelpAgency.Host.StaffSignIn;

/// <summary>Section "Console": the staff web console's session and the address WeCom sends members back to.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Minutes a session lasts without use; each request past half of it renews it (sliding expiry).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>The console's public address (e.g. https://help.example.cn) when the host sits behind a proxy; empty means the request's own.</summary>
    public string? PublicUrl { get; set; }
}

internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var errors = new List<string>();
        if (options.SessionMinutes is < 5 or > 7 * 24 * 60)
        {
            errors.Add($"Console:SessionMinutes must be between 5 and 10080, not {options.SessionMinutes}.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicUrl)
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"Console:PublicUrl must be an absolute http(s) address, not '{options.PublicUrl}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
