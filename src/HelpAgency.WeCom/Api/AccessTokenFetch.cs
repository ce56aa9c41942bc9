namespace HelpAgency.WeCom.Api;

/// <summary>The outcome of asking for a token: the token and its lifetime, or WeCom's refusal.</summary>
public sealed record AccessTokenFetch(string? Token, TimeSpan Lifetime, WeComResult? Failure)
{
    public static AccessTokenFetch Cached(string token) => new(token, TimeSpan.Zero, null);
}
