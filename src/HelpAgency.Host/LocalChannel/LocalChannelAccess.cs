using HelpAgency.Core.Users;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using HelpAgency.Host.StaffSignIn;
using HelpAgency.WeCom;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.LocalChannel;

/// <summary>
/// Decides whom a local-channel request acts as. Without WeCom: the user id the request names (the demo). With
/// WeCom and the channel enabled: the signed-in staff member, never an id from the request. Otherwise: not found.
/// </summary>
public sealed class LocalChannelAccess(IOptions<LocalChannelOptions> options, IOptions<WeComOptions> wecom)
{
    public LocalChannelMode Mode { get; } = options.Value.ModeWith(wecom.Value);

    /// <summary>The 404 every local-channel address answers when the channel is off.</summary>
    public static JsonHttpResult<ApiError> NotServed => ApiError.Result(StatusCodes.Status404NotFound, "找不到这个地址。");

    /// <summary>The user id to act as, or the error to answer; <paramref name="requested"/> is the id the request names, if any.</summary>
    public async Task<(string? User, JsonHttpResult<ApiError>? Error)> ActAsAsync(HttpContext context, string? requested)
    {
        switch (Mode)
        {
            case LocalChannelMode.AnyUser:
                return UserIds.Check(requested) is { } problem ? (null, ApiError.BadRequest(problem)) : (requested, null);
            case LocalChannelMode.SignedInStaff:
                if (StaffPrincipal.UserId(context.User) is null)
                {
                    return (null, ApiError.Result(StatusCodes.Status401Unauthorized, "请先登录工作台。"));
                }

                var member = await StaffActor.FindAsync(context);
                if (member is null || !member.Role.IsStaff())
                {
                    return (null, ApiError.Result(StatusCodes.Status403Forbidden, "本地对话仅限帮办工作人员使用。"));
                }

                if (requested is not null && !string.Equals(requested, member.Id, StringComparison.Ordinal))
                {
                    return (null, ApiError.Result(StatusCodes.Status403Forbidden, "只能以您本人的身份使用本地对话。"));
                }

                return await Csrf.CheckAsync(context) is { } forged ? (null, forged) : (member.Id, null);
            default:
                return (null, NotServed);
        }
    }
}
