namespace HelpAgency.WeCom.Api;

/// <summary>The errcode values the client acts on; anything else non-zero is a permanent error, returned as is.</summary>
public static class WeComErrorCodes
{
    public const int Ok = 0;

    /// <summary>System busy: retry with backoff (WeCom advises at most 3 tries).</summary>
    public const int SystemBusy = -1;

    /// <summary>Invalid credential: from gettoken a wrong secret; from a call a token to refresh.</summary>
    public const int InvalidCredential = 40001;

    public const int InvalidAccessToken = 40014;
    public const int MissingAccessToken = 41001;
    public const int AccessTokenExpired = 42001;

    /// <summary>Frequency limit.</summary>
    public const int FrequencyLimit = 45009;

    /// <summary>Concurrency limit.</summary>
    public const int ConcurrencyLimit = 45033;

    /// <summary>appchat/create: a group chat with this chatid exists already (a retried create after a lost answer).</summary>
    public const int ChatIdExists = 86215;

    /// <summary>Every recipient of a message/send was invalid.</summary>
    public const int AllRecipientsInvalid = 81013;

    /// <summary>Errors that go away if the same call is tried again a little later.</summary>
    public static bool IsTransient(int errcode) => errcode is SystemBusy or FrequencyLimit or ConcurrencyLimit;

    /// <summary>Errors of a call (not of gettoken) that mean the cached token must be replaced.</summary>
    public static bool MeansTokenRejected(int errcode) =>
        errcode is InvalidAccessToken or MissingAccessToken or AccessTokenExpired or InvalidCredential;
}
