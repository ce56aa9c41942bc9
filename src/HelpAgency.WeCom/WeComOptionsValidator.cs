using HelpAgency.WeCom.Callback;
using Microsoft.Extensions.Options;

namespace HelpAgency.WeCom;

/// <summary>Stops the host at start when the WeCom settings are half there or cannot work.</summary>
public sealed class WeComOptionsValidator : IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComOptions options)
    {
        if (!options.IsAnyKeySet)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var missing = options.MissingKeys();
        if (missing.Count > 0)
        {
            failures.Add($"WeCom is partly configured; also set {string.Join(", ", missing.Select(k => "WeCom:" + k))} (or remove the WeCom section to run on the local channel only).");
        }

        if (!string.IsNullOrWhiteSpace(options.EncodingAESKey))
        {
            try
            {
                CallbackCrypto.DecodeKey(options.EncodingAESKey);
            }
            catch (CallbackException)
            {
                failures.Add($"WeCom:EncodingAESKey must be the {CallbackCrypto.EncodingAesKeyLength} characters shown in the app's callback settings.");
            }
        }

        if (options.AgentId < 0)
        {
            failures.Add("WeCom:AgentId must be a positive number.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("WeCom:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.CallbackPath) || !options.CallbackPath.StartsWith('/'))
        {
            failures.Add("WeCom:CallbackPath must start with '/'.");
        }

        if (options.MaxTimestampSkewSeconds < 0)
        {
            failures.Add("WeCom:MaxTimestampSkewSeconds must be 0 (off) or more.");
        }

        if (options.ReplyBudgetMilliseconds is < 1 or > 4500)
        {
            failures.Add("WeCom:ReplyBudgetMilliseconds must be between 1 and 4500: WeCom gives up after 5 seconds.");
        }

        if (options.ApiAttemptTimeoutSeconds < 1)
        {
            failures.Add("WeCom:ApiAttemptTimeoutSeconds must be at least 1.");
        }

        if (options.ApiMaxRetries is < 0 or > 5)
        {
            failures.Add("WeCom:ApiMaxRetries must be between 0 and 5.");
        }

        if (options.ApiRetryDelayMilliseconds < 0)
        {
            failures.Add("WeCom:ApiRetryDelayMilliseconds must be 0 or more.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
