using System.Net;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HelpAgency.IntegrationTests.StaffSignIn;

/// <summary>HTTP clients of the console: cookies kept, redirects shown rather than followed.</summary>
public static class StaffClient
{
    public static HttpClient Anonymous(HelpAgencyFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the local sign-in page (WeCom not configured).</summary>
    public static async Task<HttpClient> SignInAsync(HelpAgencyFactory factory, string userId)
    {
        var client = Anonymous(factory);
        var response = await client.PostAsync("/auth/local", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = userId, ["returnUrl"] = "/console/" }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Local sign-in as {userId} answered {(int)response.StatusCode}.");
        }

        return client;
    }
}
