using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.StaffSignIn;

/// <summary>
/// Without WeCom: a local page to pick a staff member, cookie sessions with sliding expiry, sign-out. One host on the
/// demo data, each test with clients of its own; the test that moves the clock has a host of its own.
/// </summary>
public sealed class LocalSignInTests(SharedDemoHost host) : IClassFixture<SharedDemoHost>
{
    private readonly HelpAgencyFactory _factory = host.Factory;

    [Fact]
    public async Task The_local_page_lists_the_staff_and_not_the_contacts()
    {
        var page = await StaffClient.Anonymous(_factory).GetStringAsync("/auth/local?returnUrl=/console/cases.html");

        Assert.Contains("data-user=\"demo-supervisor\"", page);
        Assert.Contains("data-user=\"demo-assistant\"", page);
        Assert.DoesNotContain("demo-contact", page);
        Assert.Contains("value=\"/console/cases.html\"", page);
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Lax_cookie_and_returns_to_the_page_asked_for()
    {
        var client = StaffClient.Anonymous(_factory);
        var response = await client.PostAsync("/auth/local", await StaffClient.LocalFormAsync(client, "demo-supervisor", "/console/cases.html"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/cases.html", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("helpagency.staff=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("demo-supervisor", me.GetProperty("userId").GetString());
        Assert.Equal("supervisor", me.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("demo-contact")]
    [InlineData("nobody")]
    [InlineData("")]
    public async Task Contacts_and_unknown_users_are_refused(string userId)
    {
        var client = StaffClient.Anonymous(_factory);
        var response = await client.PostAsync("/auth/local", await StaffClient.LocalFormAsync(client, userId, null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\n/evil.example/")]
    [InlineData("\t//evil.example/")]
    [InlineData("/console/\r\nSet-Cookie: x=1")]
    [InlineData("/console/案件")]
    public async Task A_return_address_off_the_host_goes_to_the_console_instead(string returnUrl)
    {
        var client = StaffClient.Anonymous(_factory);
        var response = await client.PostAsync("/auth/local", await StaffClient.LocalFormAsync(client, "demo-assistant", returnUrl));

        Assert.Equal("/console/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Console_pages_send_visitors_without_a_session_to_sign_in_and_the_API_answers_401()
    {
        var client = StaffClient.Anonymous(_factory);

        var page = await client.GetAsync("/console/case.html?id=1");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/auth/signin?returnUrl=%2Fconsole%2Fcase.html%3Fid%3D1", page.Headers.Location!.OriginalString);
        var signIn = await client.GetAsync(page.Headers.Location);
        Assert.StartsWith("/auth/local?returnUrl=", signIn.Headers.Location!.OriginalString);

        var me = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.True((await me.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await StaffClient.SignInAsync(_factory, "demo-assistant");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        var response = await client.PostAsync("/auth/signout", null);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_or_out_without_the_forms_antiforgery_token_is_refused_and_changes_nothing()
    {
        var stranger = StaffClient.Anonymous(_factory);
        var forged = await stranger.PostAsync("/auth/local", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "demo-supervisor", ["returnUrl"] = "/console/" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await forged.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/auth/me")).StatusCode);

        var member = await StaffClient.SignInAsync(_factory, "demo-assistant");
        member.DefaultRequestHeaders.Remove(StaffClient.CsrfHeader);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsync("/auth/signout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_session_slides_while_in_use_and_ends_after_a_quiet_spell()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var client = await StaffClient.SignInAsync(factory, "demo-assistant");

        // Default 480 minutes: used every 300 minutes it stays alive (renewed past half its life).
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(300));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(481));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task With_the_local_channel_switched_off_nobody_picks_a_member_to_sign_in_as()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["LocalChannel:Enabled"] = "false" });
        var client = StaffClient.Anonymous(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/auth/local")).StatusCode);
        var post = await client.PostAsync("/auth/local", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "demo-supervisor" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }
}
