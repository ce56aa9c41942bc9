using System.Globalization;
using HelpAgency.Core;
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
public sealed class LocalChannelAccess(IOptions<LocalChannelOptions> options, IOptions<WeComOptions> wecom, ConsoleTexts texts)
{
    public LocalChannelMode Mode { get; } = options.Value.ModeWith(wecom.Value);

    /// <summary>The 404 every local-channel address answers when the channel is off.</summary>
    public JsonHttpResult<ApiError> NotServed => texts.Error(StatusCodes.Status404NotFound, "error.not_found");

    /// <summary>The user id to act as, or the error to answer; <paramref name="requested"/> is the id the request names, if any.</summary>
    public async Task<(string? User, JsonHttpResult<ApiError>? Error)> ActAsAsync(HttpContext context, string? requested)
    {
        switch (Mode)
        {
            case LocalChannelMode.AnyUser:
                return UserIds.Check(requested) is { } problem
                    ? (null, texts.BadRequest("error.user_id." + problem.ToStored(), ("max", UserIds.MaxLength.ToString(CultureInfo.InvariantCulture))))
                    : (requested, null);
            case LocalChannelMode.SignedInStaff:
                if (StaffPrincipal.UserId(context.User) is null)
                {
                    return (null, texts.Error(StatusCodes.Status401Unauthorized, "error.sign_in_first"));
                }

                var member = await StaffActor.FindAsync(context);
                if (member is null || !member.Role.IsStaff())
                {
                    return (null, texts.Error(StatusCodes.Status403Forbidden, "error.local_staff_only"));
                }

                if (requested is not null && !string.Equals(requested, member.Id, StringComparison.Ordinal))
                {
                    return (null, texts.Error(StatusCodes.Status403Forbidden, "error.local_self_only"));
                }

                return await Csrf.CheckAsync(context) is { } forged ? (null, forged) : (member.Id, null);
            default:
                return (null, NotServed);
        }
    }
}
