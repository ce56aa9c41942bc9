using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
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

    private static Results<Ok<SignedIn>, JsonHttpResult<ApiError>> Me(HttpContext context)
    {
        if (StaffPrincipal.UserId(context.User) is not { } id)
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, "请先登录工作台。");
        }

        return TypedResults.Ok(new SignedIn(id, context.User.Identity!.Name, context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value, Csrf.TokenFor(context)));
    }

    private static Results<RedirectHttpResult, JsonHttpResult<ApiError>> StartWeComSignIn(string? returnUrl, HttpContext context, IOptions<WeComOptions> wecom, IOptions<ConsoleOptions> console)
    {
        var options = wecom.Value;
        if (!options.IsConfigured)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "未配置企业微信，请使用本地登录。");
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
        WeComApiClient api, IUnitOfWorkFactory database, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!wecom.Value.IsConfigured)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "未配置企业微信，请使用本地登录。");
        }

        var expected = context.Request.Cookies[StateCookie]?.Split('|', 2);
        context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = WeComPath });
        if (expected is not [var savedState, var returnUrl] || string.IsNullOrEmpty(state)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(savedState), Encoding.UTF8.GetBytes(state)))
        {
            return Page(context, StatusCodes.Status400BadRequest, "登录已失效", "登录链接已过期或不是从本工作台发起的，请重新进入。");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Page(context, StatusCodes.Status400BadRequest, "未获得授权", "企业微信没有返回授权码，请重新进入。");
        }

        var who = await api.GetUserInfoAsync(code, cancellationToken);
        if (!who.IsSuccess)
        {
            logs.CreateLogger(typeof(StaffSignInApi)).LogWarning("WeCom sign-in failed: {Result}", who);
            return Page(context, StatusCodes.Status401Unauthorized, "登录失败", "企业微信未能确认您的身份（授权码无效或已使用），请重新进入。");
        }

        if (who.UserId is null)
        {
            return Page(context, StatusCodes.Status403Forbidden, "无权使用", "工作台仅限本企业的帮办工作人员使用。");
        }

        var member = await FindStaffAsync(database, who.UserId, cancellationToken);
        if (member is null)
        {
            return Page(context, StatusCodes.Status403Forbidden, "无权使用", "工作台仅限帮办专员和督导人员使用；如需开通，请联系区政务和大数据局。");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffPrincipal.Create(member, "wecom"));
        return TypedResults.Redirect(LocalReturnUrl(returnUrl));
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<ApiError>>> LocalPageAsync(string? returnUrl, HttpContext context, IOptions<WeComOptions> wecom, LocalChannel.LocalChannelAccess access, IUnitOfWorkFactory database, CancellationToken cancellationToken)
    {
        // Picking a member is the demo's way in: gone with WeCom, and gone when the local channel is switched off.
        if (wecom.Value.IsConfigured || access.Mode == LocalChannel.LocalChannelMode.Off)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "找不到这个地址。");
        }

        IReadOnlyList<StaffMember> staff;
        await using (var work = await database.BeginReadAsync(cancellationToken))
        {
            staff = await work.Staff.ListAsync(null, cancellationToken);
        }

        var html = HtmlEncoder.Default;
        var back = html.Encode(LocalReturnUrl(returnUrl));
        var token = html.Encode(Csrf.TokenFor(context));
        var rows = new StringBuilder();
        foreach (var member in staff.OrderByDescending(m => m.Role).ThenBy(m => m.UserId, StringComparer.Ordinal))
        {
            rows.Append(
                $"""
                <li><form method="post" action="{LocalPath}"><input type="hidden" name="returnUrl" value="{back}"><input type="hidden" name="{Csrf.FormField}" value="{token}">
                <button name="userId" value="{html.Encode(member.UserId)}" data-user="{html.Encode(member.UserId)}"><b>{html.Encode(member.Name)}</b>
                <span>{(member.Role == UserRole.Supervisor ? "督导人员" : "帮办专员")} · {html.Encode(member.UserId)}</span></button></form></li>
                """);
        }

        var list = rows.Length > 0 ? $"<ul>{rows}</ul>" : "<p>还没有工作人员。请在 Staff:Members 中配置，或开启 Demo:Seed。</p>";
        return TypedResults.Content(PageHtml("本地登录", $"<p>未配置企业微信，请选择以哪位工作人员身份进入工作台：</p>{list}"), "text/html; charset=utf-8");
    }

    private static async Task<Results<RedirectHttpResult, SignInRefused, JsonHttpResult<ApiError>>> LocalSignInAsync(HttpContext context, IOptions<WeComOptions> wecom, LocalChannel.LocalChannelAccess access, IUnitOfWorkFactory database, CancellationToken cancellationToken)
    {
        if (wecom.Value.IsConfigured || access.Mode == LocalChannel.LocalChannelMode.Off)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, "找不到这个地址。");
        }

        if (!context.Request.HasFormContentType)
        {
            return ApiError.BadRequest("请从登录页选择工作人员。");
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
            return Page(context, StatusCodes.Status403Forbidden, "无权使用", "工作台仅限帮办专员和督导人员使用。");
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

    private static SignInRefused Page(HttpContext context, int status, string title, string message) =>
        !context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            ? new SignInRefused(ApiError.Result(status, message))
            : new SignInRefused(TypedResults.Content(PageHtml(title, $"<p>{HtmlEncoder.Default.Encode(message)}</p><p><a href=\"{SignInPath}\">重新登录</a></p>"), "text/html; charset=utf-8", Encoding.UTF8, status));

    private static string PageHtml(string title, string body) =>
        $"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{HtmlEncoder.Default.Encode(title)} · 帮办代办工作台</title><link rel="stylesheet" href="/console/console.css"></head>
        <body class="signin"><main><h1>帮办代办工作台 · {HtmlEncoder.Default.Encode(title)}</h1>{body}</main></body></html>
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
