using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Api;
using HelpAgency.WeCom.OAuth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.StaffSignIn;

/// <summary>
/// Staff sign-in: WeCom's OAuth2 code flow for members when the WeCom channel is configured, otherwise a
/// local page to pick a staff member (for running without a WeCom account; never served when WeCom is on).
/// Only assistants and supervisors of the staff table get a session; contacts and unknown users get 403.
/// </summary>
public static class StaffSignInApi
{
    public const string SignInPath = "/auth/signin";
    public const string SignOutPath = "/auth/signout";
    public const string WeComPath = "/auth/wecom";
    public const string WeComCallbackPath = "/auth/wecom/callback";
    public const string LocalPath = "/auth/local";
    public const string StateCookie = "helpagency.oauth";

    // Escapes what HTML would read as markup, and leaves Chinese as it is (the pages are UTF-8).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static IEndpointRouteBuilder MapStaffSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (string? returnUrl, IOptions<WeComOptions> wecom) =>
            TypedResults.Redirect($"{(wecom.Value.IsConfigured ? WeComPath : LocalPath)}?returnUrl={Uri.EscapeDataString(LocalReturnUrl(returnUrl))}"));
        app.MapGet(WeComPath, StartWeComSignIn);
        app.MapGet(WeComCallbackPath, FinishWeComSignInAsync);
        app.MapGet(LocalPath, LocalPageAsync);
        // Both forms carry an antiforgery token, checked here rather than by the framework so that a failure is the JSON 400.
        app.MapPost(LocalPath, LocalSignInAsync).DisableAntiforgery();
        // A Delegate, not a RequestDelegate: the redirect or the refusal it returns is the response.
        app.MapPost(SignOutPath, (Delegate)SignOutAsync).DisableAntiforgery();
        app.MapGet("/api/auth/me", Me);
        return app;
    }

    private static async Task<Results<RedirectHttpResult, JsonHttpResult<ApiError>>> SignOutAsync(HttpContext context)
    {
        if (await Csrf.CheckAsync(context) is { } forged)
        {
            return forged;
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Redirect(SignInPath);
    }

    private static Results<Ok<SignedIn>, JsonHttpResult<ApiError>> Me(HttpContext context, ConsoleTexts texts)
    {
        if (StaffPrincipal.UserId(context.User) is not { } id)
        {
            return texts.Error(StatusCodes.Status401Unauthorized, "error.sign_in_first");
        }

        return TypedResults.Ok(new SignedIn(id, context.User.Identity!.Name, context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value, Csrf.TokenFor(context)));
    }

    private static Results<RedirectHttpResult, JsonHttpResult<ApiError>> StartWeComSignIn(string? returnUrl, HttpContext context, IOptions<WeComOptions> wecom, IOptions<ConsoleOptions> console, ConsoleTexts texts)
    {
        var options = wecom.Value;
        if (!options.IsConfigured)
        {
            return texts.Error(StatusCodes.Status404NotFound, "error.wecom_not_configured");
        }

        var state = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        context.Response.Cookies.Append(StateCookie, $"{state}|{LocalReturnUrl(returnUrl)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax, // WeCom's redirect back is a top-level GET, which Lax cookies follow
            Secure = context.Request.IsHttps,
            Path = WeComPath,
            MaxAge = TimeSpan.FromMinutes(10),
        });
        var publicUrl = console.Value.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return TypedResults.Redirect(OAuthAuthorizeUrl.Build(options.CorpId!, options.AgentId, publicUrl + WeComCallbackPath, state));
    }

    private static async Task<Results<RedirectHttpResult, SignInRefused, JsonHttpResult<ApiError>>> FinishWeComSignInAsync(string? code, string? state, HttpContext context, IOptions<WeComOptions> wecom,
        WeComApiClient api, IUnitOfWorkFactory database, ConsoleTexts texts, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!wecom.Value.IsConfigured)
        {
            return texts.Error(StatusCodes.Status404NotFound, "error.wecom_not_configured");
        }

        var expected = context.Request.Cookies[StateCookie]?.Split('|', 2);
        context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = WeComPath });
        if (expected is not [var savedState, var returnUrl] || string.IsNullOrEmpty(state)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(savedState), Encoding.UTF8.GetBytes(state)))
        {
            return Page(context, texts, StatusCodes.Status400BadRequest, "signin.expired");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Page(context, texts, StatusCodes.Status400BadRequest, "signin.no_code");
        }

        var who = await api.GetUserInfoAsync(code, cancellationToken);
        if (!who.IsSuccess)
        {
            logs.CreateLogger(typeof(StaffSignInApi)).LogWarning("WeCom sign-in failed: {Result}", who);
            return Page(context, texts, StatusCodes.Status401Unauthorized, "signin.failed");
        }

        if (who.UserId is null)
        {
            return Page(context, texts, StatusCodes.Status403Forbidden, "signin.not_member", "signin.refused.title");
        }

        var member = await FindStaffAsync(database, who.UserId, cancellationToken);
        if (member is null)
        {
            return Page(context, texts, StatusCodes.Status403Forbidden, "signin.not_staff", "signin.refused.title");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffPrincipal.Create(member, "wecom"));
        return TypedResults.Redirect(LocalReturnUrl(returnUrl));
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<ApiError>>> LocalPageAsync(string? returnUrl, HttpContext context, IOptions<WeComOptions> wecom, LocalChannel.LocalChannelAccess access, IUnitOfWorkFactory database,
        ConsoleTexts texts, CancellationToken cancellationToken)
    {
        // Picking a member is the demo's way in: gone with WeCom, and gone when the local channel is switched off.
        if (wecom.Value.IsConfigured || access.Mode == LocalChannel.LocalChannelMode.Off)
        {
            return access.NotServed;
        }

        IReadOnlyList<StaffMember> staff;
        await using (var work = await database.BeginReadAsync(cancellationToken))
        {
            staff = await work.Staff.ListAsync(null, cancellationToken);
        }

        var back = Html.Encode(LocalReturnUrl(returnUrl));
        var token = Html.Encode(Csrf.TokenFor(context));
        var rows = new StringBuilder();
        foreach (var member in staff.OrderByDescending(m => m.Role).ThenBy(m => m.UserId, StringComparer.Ordinal))
        {
            rows.Append(
                $"""
                <li><form method="post" action="{LocalPath}"><input type="hidden" name="returnUrl" value="{back}"><input type="hidden" name="{Csrf.FormField}" value="{token}">
                <button name="userId" value="{Html.Encode(member.UserId)}" data-user="{Html.Encode(member.UserId)}"><b>{Html.Encode(member.Name)}</b>
                <span>{Html.Encode(texts.Text("role." + member.Role.ToStorage()))} · {Html.Encode(member.UserId)}</span></button></form></li>
                """);
        }

        var list = rows.Length > 0 ? $"<ul>{rows}</ul>" : $"<p>{Html.Encode(texts.Text("signin.local_nobody"))}</p>";
        return TypedResults.Content(PageHtml(texts, texts.Text("signin.local.title"), $"<p>{Html.Encode(texts.Text("signin.local"))}</p>{list}"), "text/html; charset=utf-8");
    }

    private static async Task<Results<RedirectHttpResult, SignInRefused, JsonHttpResult<ApiError>>> LocalSignInAsync(HttpContext context, IOptions<WeComOptions> wecom, LocalChannel.LocalChannelAccess access, IUnitOfWorkFactory database,
        ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (wecom.Value.IsConfigured || access.Mode == LocalChannel.LocalChannelMode.Off)
        {
            return access.NotServed;
        }

        if (!context.Request.HasFormContentType)
        {
            return texts.BadRequest("error.sign_in_pick");
        }

        if (await Csrf.CheckAsync(context) is { } forged)
        {
            return forged;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var userId = form["userId"].ToString().Trim();
        var member = userId.Length is > 0 and <= 64 ? await FindStaffAsync(database, userId, cancellationToken) : null;
        if (member is null)
        {
            return Page(context, texts, StatusCodes.Status403Forbidden, "signin.not_staff_local", "signin.refused.title");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffPrincipal.Create(member, "local"));
        return TypedResults.Redirect(LocalReturnUrl(form["returnUrl"]));
    }

    private static async Task<StaffMember?> FindStaffAsync(IUnitOfWorkFactory database, string userId, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginReadAsync(cancellationToken);
        var user = await work.Users.FindAsync(userId, cancellationToken);
        var member = user is { Role: UserRole.Assistant or UserRole.Supervisor } ? await work.Staff.FindAsync(userId, cancellationToken) : null;
        return member is { Role: UserRole.Assistant or UserRole.Supervisor } ? member : null;
    }

    /// <summary>
    /// Only paths of this host: a single "/" followed by a character that is not a separator. An absolute or
    /// protocol-relative address would make sign-in an open redirect, and browsers drop tabs and line breaks, so
    /// "/\t/evil.com" reads as "//evil.com": no control character is followed at all.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl) && url.All(char.IsAscii)
            ? url
            : ConsolePages.Path + "/";

    /// <summary>A refusal worded by <paramref name="key"/>, titled by <paramref name="titleKey"/> (else <paramref name="key"/>.title).</summary>
    private static SignInRefused Page(HttpContext context, ConsoleTexts texts, int status, string key, string? titleKey = null)
    {
        var message = texts.Text(key);
        return !context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? new SignInRefused(ApiError.Result(status, message))
            : new SignInRefused(TypedResults.Content(
                PageHtml(texts, texts.Text(titleKey ?? key + ".title"), $"<p>{Html.Encode(message)}</p><p><a href=\"{SignInPath}\">{Html.Encode(texts.Text("signin.again"))}</a></p>"),
                "text/html; charset=utf-8", Encoding.UTF8, status));
    }

    private static string PageHtml(ConsoleTexts texts, string title, string body) =>
        $"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Encode(texts.Text("signin.page_title", ("title", title)))}</title><link rel="stylesheet" href="/console/console.css"></head>
        <body class="signin"><main><h1>{Html.Encode(texts.Text("signin.heading", ("title", title)))}</h1>{body}</main></body></html>
        """;
}

/// <summary>A refused sign-in: a page for a browser (it asks for text/html), else the JSON error every API client gets.</summary>
public sealed class SignInRefused : IResult
{
    private readonly IResult _answer;

    internal SignInRefused(JsonHttpResult<ApiError> error) => _answer = error;

    internal SignInRefused(ContentHttpResult page) => _answer = page;

    public Task ExecuteAsync(HttpContext httpContext) => _answer.ExecuteAsync(httpContext);
}
