using System.Security.Claims;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HelpAgency.Host.StaffSignIn;

/// <summary>What the session cookie says about its holder: user id, name and staff role.</summary>
public static class StaffPrincipal
{
    public static ClaimsPrincipal Create(StaffMember member, string method) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, member.UserId),
            new Claim(ClaimTypes.Name, member.Name),
            new Claim(ClaimTypes.Role, member.Role.ToStorage()),
            new Claim(ClaimTypes.AuthenticationMethod, method),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>True when the cookie names an assistant or a supervisor; the database has the last word per request.</summary>
    public static bool IsStaff(ClaimsPrincipal user) =>
        UserId(user) is not null && user.FindFirstValue(ClaimTypes.Role) is "assistant" or "supervisor";
}
