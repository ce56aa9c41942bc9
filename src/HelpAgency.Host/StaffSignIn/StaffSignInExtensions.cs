using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.StaffSignIn;

public static class StaffSignInExtensions
{
    public const string CookieName = "helpagency.staff";

    /// <summary>Cookie sessions for staff: HttpOnly, SameSite=Lax, sliding expiry; API calls get JSON 401/403, pages a redirect.</summary>
    public static IServiceCollection AddStaffSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        // One key ring for every host on the database: sessions survive restarts and hold across hosts.
        services.AddDataProtection().SetApplicationName("HelpAgency");
        services.AddSingleton<DatabaseKeyRing>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRing>((keys, ring) => keys.XmlRepository = ring);
        services.AddCsrf();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ConsoleOptions>, TimeProvider>((cookie, console, clock) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(console.Value.SessionMinutes);
                cookie.SlidingExpiration = true;
                cookie.TimeProvider = clock;
                cookie.LoginPath = StaffSignInApi.SignInPath;
                cookie.LogoutPath = StaffSignInApi.SignOutPath;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized, "error.sign_in_first");
                cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden, "error.access_denied");
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Reads the session on every request and sends visitors of the console pages without one to sign in.</summary>
    public static WebApplication UseStaffSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (ConsolePages.IsPage(context.Request.Path) && !StaffPrincipal.IsStaff(context.User))
            {
                var back = context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{StaffSignInApi.SignInPath}?returnUrl={Uri.EscapeDataString(back)}");
                return;
            }

            await next(context);
        });
        return app;
    }

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status, string key)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsJsonAsync(new ApiError(ConsoleTexts.Of(context.HttpContext).Text(key)));
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
