using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;

namespace HelpAgency.IntegrationTests.StaffSignIn;

/// <summary>With WeCom: the OAuth2 code flow against the fake WeCom server; no local sign-in.</summary>
public sealed class WeComSignInTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        _factory = new HelpAgencyFactory(settings);
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task A_member_signs_in_through_WeCom_authorize_and_getuserinfo()
    {
        var client = StaffClient.Anonymous(_factory);

        var entry = await client.GetAsync("/auth/signin?returnUrl=%2Fconsole%2Fcases.html");
        Assert.Equal("/auth/wecom?returnUrl=%2Fconsole%2Fcases.html", entry.Headers.Location!.OriginalString);
        var authorize = (await client.GetAsync(entry.Headers.Location)).Headers.Location!;

        Assert.Equal("https://open.weixin.qq.com/connect/oauth2/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal("#wechat_redirect", authorize.Fragment);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(WeComCallbackClient.CorpId, query["appid"]);
        Assert.Equal("http://localhost/auth/wecom/callback", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("snsapi_base", query["scope"]);
        Assert.Equal("1000002", query["agentid"]);
        Assert.Equal(32, query["state"]!.Length);

        _wecom.SignInCodes["code-1"] = "demo-supervisor";
        var back = await client.GetAsync($"/auth/wecom/callback?code=code-1&state={query["state"]}");

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/console/cases.html", back.Headers.Location!.OriginalString);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("demo-supervisor", me.GetProperty("userId").GetString());
        var call = Assert.Single(_wecom.Calls, c => c.Path == "/cgi-bin/auth/getuserinfo");
        Assert.Contains("code=code-1", call.Query);
        Assert.Contains("access_token=token-1", call.Query);
    }

    [Fact]
    public async Task A_state_that_does_not_match_the_cookie_is_refused_before_asking_WeCom()
    {
        var client = StaffClient.Anonymous(_factory);
        await client.GetAsync("/auth/wecom");
        _wecom.SignInCodes["code-2"] = "demo-supervisor";

        var forged = await client.GetAsync("/auth/wecom/callback?code=code-2&state=0123456789abcdef0123456789abcdef");
        var noCookie = await StaffClient.Anonymous(_factory).GetAsync("/auth/wecom/callback?code=code-2&state=x");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCookie.StatusCode);
        Assert.Equal(0, _wecom.Count("/cgi-bin/auth/getuserinfo"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("demo-contact", HttpStatusCode.Forbidden)]
    [InlineData("stranger", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)] // a non-member: getuserinfo answers an openid only
    public async Task Contacts_unknown_users_and_non_members_get_403(string? userId, HttpStatusCode expected)
    {
        var client = StaffClient.Anonymous(_factory);
        var state = HttpUtility.ParseQueryString((await client.GetAsync("/auth/wecom")).Headers.Location!.Query)["state"];
        _wecom.SignInCodes["code-3"] = userId;

        var back = await client.GetAsync($"/auth/wecom/callback?code=code-3&state={state}");

        Assert.Equal(expected, back.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_code_WeCom_does_not_know_is_refused()
    {
        var client = StaffClient.Anonymous(_factory);
        var state = HttpUtility.ParseQueryString((await client.GetAsync("/auth/wecom")).Headers.Location!.Query)["state"];

        var back = await client.GetAsync($"/auth/wecom/callback?code=used-code&state={state}");

        Assert.Equal(HttpStatusCode.Unauthorized, back.StatusCode);
    }

    [Fact]
    public async Task The_local_sign_in_does_not_exist_when_WeCom_is_on()
    {
        var client = StaffClient.Anonymous(_factory);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/auth/local")).StatusCode);
        var post = await client.PostAsync("/auth/local", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "demo-supervisor" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }
}
