using System.Globalization;

namespace HelpAgency.WeCom.OAuth;

/// <summary>
/// The page WeCom's built-in browser is sent to for a member's web sign-in (网页授权, snsapi_base): it comes
/// back to the redirect URI with a one-time code for auth/getuserinfo and the state it was given.
/// </summary>
public static class OAuthAuthorizeUrl
{
    public const string AuthorizeEndpoint = "https://open.weixin.qq.com/connect/oauth2/authorize";

    public static string Build(string corpId, long agentId, string redirectUri, string state) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{AuthorizeEndpoint}?appid={Uri.EscapeDataString(corpId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope=snsapi_base&state={Uri.EscapeDataString(state)}&agentid={agentId}#wechat_redirect");
}
