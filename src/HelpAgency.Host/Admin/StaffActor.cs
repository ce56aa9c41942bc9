using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Http;
using HelpAgency.Host.StaffSignIn;

namespace HelpAgency.Host.Admin;

/// <summary>
/// The signed-in staff member behind an admin API call, read from the database on each call so that a
/// member removed from the staff since signing in is refused at once: 401 without a session, 403 when
/// the session's user is not (or no longer) an assistant or a supervisor.
/// </summary>
public static class StaffActor
{
    public static AppUser Of(HttpContext context) =>
        context.Items[typeof(StaffActor)] as AppUser ?? throw new InvalidOperationException("The endpoint is not behind the staff filter.");

    /// <summary>The signed-in staff member, or null; for endpoints that also take other credentials.</summary>
    public static async Task<AppUser?> FindAsync(HttpContext context)
    {
        if (StaffPrincipal.UserId(context.User) is not { } id)
        {
            return null;
        }

        var database = context.RequestServices.GetRequiredService<IUnitOfWorkFactory>();
        await using var work = await database.BeginReadAsync(context.RequestAborted);
        return await work.Users.FindAsync(id, context.RequestAborted);
    }

    public static async ValueTask<object?> RequireAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (StaffPrincipal.UserId(context.User) is null)
        {
            return ConsoleTexts.Of(context).Error(StatusCodes.Status401Unauthorized, "error.sign_in_first");
        }

        var user = await FindAsync(context);
        if (user is null || !user.Role.IsStaff())
        {
            return ConsoleTexts.Of(context).Error(StatusCodes.Status403Forbidden, "error.staff_only");
        }

        context.Items[typeof(StaffActor)] = user;
        return await next(invocation);
    }
}
