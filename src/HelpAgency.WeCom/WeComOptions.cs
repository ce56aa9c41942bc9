namespace HelpAgency.WeCom;

/// <summary>Section "WeCom": the self-built app the channel speaks for, and how hard it tries.</summary>
public sealed class WeComOptions
{
    public const string Section = "WeCom";

    /// <summary>The corp id; also the receive id inside every encrypted payload.</summary>
    public string? CorpId { get; set; }

    /// <summary>The self-built app's agent id.</summary>
    public long AgentId { get; set; }

    /// <summary>The app secret for gettoken.</summary>
    public string? Secret { get; set; }

    /// <summary>The callback token used in signatures.</summary>
    public string? Token { get; set; }

    /// <summary>43 characters: base64 of the 32-byte AES key without its trailing "=".</summary>
    public string? EncodingAESKey { get; set; }

    /// <summary>Where the WeCom API lives; tests point it at a fake server on loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    /// <summary>The path WeCom calls back on.</summary>
    public string CallbackPath { get; set; } = "/wecom/callback";

    /// <summary>How far a callback's timestamp may be from now (WeCom retries within seconds; 300 s allows for clock drift); 0 turns the check off.</summary>
    public int MaxTimestampSkewSeconds { get; set; } = 300;

    /// <summary>How long a callback waits for its turn before answering empty and sending the replies through the API.</summary>
    public int ReplyBudgetMilliseconds { get; set; } = 3000;

    /// <summary>The time one API attempt may take.</summary>
    public int ApiAttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>Retries after a transient API failure (HTTP 5xx, timeout, errcode -1, 45009, 45033); WeCom advises 3 tries in all.</summary>
    public int ApiMaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones back off exponentially with jitter.</summary>
    public int ApiRetryDelayMilliseconds { get; set; } = 500;

    /// <summary>True when every key the channel needs is set.</summary>
    public bool IsConfigured => MissingKeys().Count == 0;

    /// <summary>True when at least one of the channel's keys is set.</summary>
    public bool IsAnyKeySet =>
        !string.IsNullOrWhiteSpace(CorpId) || AgentId != 0 || !string.IsNullOrWhiteSpace(Secret)
        || !string.IsNullOrWhiteSpace(Token) || !string.IsNullOrWhiteSpace(EncodingAESKey);

    /// <summary>The names of the required keys that are not set.</summary>
    public IReadOnlyList<string> MissingKeys()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(CorpId))
        {
            missing.Add(nameof(CorpId));
        }

        if (AgentId == 0)
        {
            missing.Add(nameof(AgentId));
        }

        if (string.IsNullOrWhiteSpace(Secret))
        {
            missing.Add(nameof(Secret));
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            missing.Add(nameof(Token));
        }

        if (string.IsNullOrWhiteSpace(EncodingAESKey))
        {
            missing.Add(nameof(EncodingAESKey));
        }

        return missing;
    }
}
