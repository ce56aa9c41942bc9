using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Http;

/// <summary>
/// Antiforgery tokens for every state-changing request made with the staff session cookie: the console sends the
/// token in a header, the sign-in and sign-out forms in a hidden field. SameSite alone is not enough behind WeCom's
/// in-app browser and proxies.
/// </summary>
public static class Csrf
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public const string FormField = "__RequestVerificationToken";

    public const string CookieName = "helpagency.csrf";

    public static IServiceCollection AddCsrf(this IServiceCollection services) => services.AddAntiforgery(o =>
    {
        o.HeaderName = HeaderName;
        o.FormFieldName = FormField;
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    });

    /// <summary>The request token for the caller (stores its cookie half on the response).</summary>
    public static string TokenFor(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;

    /// <summary>Null when the request is safe or carries a valid token; else the 400 to answer.</summary>
    public static async Task<JsonHttpResult<ApiError>?> CheckAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return null;
        }

        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return ConsoleTexts.Of(context).BadRequest("error.csrf");
        }
    }

    /// <summary>An endpoint filter: refuses an unsafe request without a valid token.</summary>
    public static async ValueTask<object?> RequireAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        await CheckAsync(invocation.HttpContext) ?? await next(invocation);
}
