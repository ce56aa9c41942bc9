using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpAgency.Host.StaffSignIn;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.StaffSignIn;

/// <summary>HTTP clients of the console: cookies kept, redirects shown rather than followed, antiforgery tokens sent.</summary>
public static partial class StaffClient
{
    public const string CsrfHeader = "X-CSRF-TOKEN";

    public static HttpClient Anonymous(HelpAgencyFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The sign-in form's fields as the local page serves them: the antiforgery token with the chosen member.</summary>
    public static async Task<FormUrlEncodedContent> LocalFormAsync(HttpClient client, string userId, string? returnUrl = "/console/")
    {
        var page = await client.GetStringAsync("/auth/local");
        var fields = new Dictionary<string, string> { ["userId"] = userId, ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return new FormUrlEncodedContent(fields);
    }

    /// <summary>A client signed in through the local sign-in page (WeCom not configured), sending its antiforgery token.</summary>
    public static async Task<HttpClient> SignInAsync(HelpAgencyFactory factory, string userId)
    {
        var client = Anonymous(factory);
        var response = await client.PostAsync("/auth/local", await LocalFormAsync(client, userId));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Local sign-in as {userId} answered {(int)response.StatusCode}.");
        }

        await AddCsrfAsync(client);
        return client;
    }

    /// <summary>
    /// A client holding a session cookie issued by the host's own keys for <paramref name="userId"/> in
    /// <paramref name="role"/>, as WeCom's sign-in would give one: for hosts where the local page is off, and for
    /// sessions the sign-in would never issue (a contact's).
    /// </summary>
    public static async Task<HttpClient> WithSessionAsync(HelpAgencyFactory factory, string userId, string role)
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userId),
                new Claim(ClaimTypes.Name, userId),
                new Claim(ClaimTypes.Role, role),
                new Claim(ClaimTypes.AuthenticationMethod, "wecom"),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme));
        var now = factory.Clock.GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, CookieAuthenticationDefaults.AuthenticationScheme);
        var cookies = new CookieContainer();
        cookies.Add(new Uri("http://localhost/"), new Cookie(StaffSignInExtensions.CookieName, options.TicketDataFormat.Protect(ticket)));
        var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        await AddCsrfAsync(client);
        return client;
    }

    /// <summary>Reads the antiforgery token for the client's session and sends it on every later request.</summary>
    public static async Task AddCsrfAsync(HttpClient client)
    {
        var me = await client.GetAsync("/api/auth/me");
        if (me.IsSuccessStatusCode)
        {
            client.DefaultRequestHeaders.Remove(CsrfHeader);
            client.DefaultRequestHeaders.Add(CsrfHeader, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrf").GetString());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
