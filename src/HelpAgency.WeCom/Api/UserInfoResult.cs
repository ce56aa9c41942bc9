using System.Text.Json;

namespace HelpAgency.WeCom.Api;

/// <summary>The answer of auth/getuserinfo: the member's UserId, or an OpenId for a non-member.</summary>
public sealed class UserInfoResult : WeComResult
{
    public string? UserId { get; init; }

    public string? OpenId { get; init; }

    internal static new UserInfoResult Read(JsonElement root)
    {
        // Older answers spell the member id "UserId", newer ones "userid".
        var userId = ReadString(root, "userid");
        if (userId.Length == 0)
        {
            userId = ReadString(root, "UserId");
        }

        var openId = ReadString(root, "openid");
        return new()
        {
            ErrCode = ReadErrCode(root),
            ErrMsg = ReadString(root, "errmsg"),
            UserId = userId.Length == 0 ? null : userId,
            OpenId = openId.Length == 0 ? null : openId,
        };
    }
}
