using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using HelpAgency.Host.LocalChannel;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace HelpAgency.IntegrationTests.LocalChannel;

/// <summary>
/// Nobody acts as somebody else: with WeCom configured the local channel is gone unless enabled, and enabled it acts
/// only as the signed-in staff member; without WeCom it is the demo, as any user id.
/// </summary>
public sealed class LocalChannelAccessTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task With_WeCom_on_the_local_channel_is_not_found_and_nobody_can_act_as_the_supervisor()
    {
        await using var factory = Host(enabled: null);
        var client = StaffClient.Anonymous(factory);

        var chat = await client.PostAsJsonAsync("/api/chat", new { user = "demo-supervisor", text = "我的待办" });
        await AssertErrorAsync(chat, HttpStatusCode.NotFound);
        await AssertErrorAsync(await client.GetAsync("/api/inbox/demo-supervisor"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await client.GetAsync("/api/chat/session"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await client.PostAsJsonAsync("/api/nlu/parse", new { text = "光谷智造园进度", user = "demo-supervisor" }), HttpStatusCode.NotFound);
        foreach (var page in new[] { "/", "/index.html", "/app.js", "/app.css" })
        {
            await AssertErrorAsync(await client.GetAsync(page), HttpStatusCode.NotFound);
        }

        // A signed-in supervisor does not bring it back either.
        using var supervisor = await StaffClient.WithSessionAsync(factory, "demo-supervisor", "supervisor");
        await AssertErrorAsync(await supervisor.PostAsJsonAsync("/api/chat", new { text = "我的待办" }), HttpStatusCode.NotFound);

        Assert.Equal(0L, await factory.ScalarAsync("SELECT COUNT(*) FROM conversations"));
        var parse = await client.PostAsJsonAsync("/api/nlu/parse", new { text = "施工许可证要什么材料" });
        Assert.Equal(HttpStatusCode.OK, parse.StatusCode);
    }

    [Fact]
    public async Task Enabled_with_WeCom_it_acts_only_as_the_signed_in_staff_member()
    {
        await using var factory = Host(enabled: true);

        await AssertErrorAsync(await StaffClient.Anonymous(factory).PostAsJsonAsync("/api/chat", new { user = "demo-supervisor", text = "我的待办" }), HttpStatusCode.Unauthorized);
        using (var contact = await StaffClient.WithSessionAsync(factory, "demo-contact", "contact"))
        {
            await AssertErrorAsync(await contact.PostAsJsonAsync("/api/chat", new { text = "查进度" }), HttpStatusCode.Forbidden);
        }

        using var assistant = await StaffClient.WithSessionAsync(factory, "demo-assistant", "assistant");
        await AssertErrorAsync(await assistant.PostAsJsonAsync("/api/chat", new { user = "demo-supervisor", text = "我的待办" }), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await assistant.GetAsync("/api/inbox/demo-supervisor"), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await assistant.PostAsJsonAsync("/api/nlu/parse", new { text = "进度", user = "demo-supervisor" }), HttpStatusCode.Forbidden);
        Assert.Equal(0L, await factory.ScalarAsync("SELECT COUNT(*) FROM conversations"));

        var session = await assistant.GetFromJsonAsync<JsonElement>("/api/chat/session");
        Assert.False(session.GetProperty("anyUser").GetBoolean());
        Assert.Equal("demo-assistant", session.GetProperty("user").GetString());
        var mine = await assistant.PostAsJsonAsync("/api/chat", new { text = "我的待办" });
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await assistant.GetAsync("/api/inbox/demo-assistant")).StatusCode);
        Assert.Equal(1L, await factory.ScalarAsync("SELECT COUNT(*) FROM conversations WHERE user_id = 'demo-assistant'"));
        Assert.Equal(1L, await factory.ScalarAsync("SELECT COUNT(*) FROM conversations"));

        // The page itself sends visitors without a session to sign in.
        var page = await StaffClient.Anonymous(factory).GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/auth/signin", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Enabled_with_WeCom_a_chat_without_the_antiforgery_token_is_refused()
    {
        await using var factory = Host(enabled: true);
        using var assistant = await StaffClient.WithSessionAsync(factory, "demo-assistant", "assistant");
        assistant.DefaultRequestHeaders.Remove(StaffClient.CsrfHeader);

        await AssertErrorAsync(await assistant.PostAsJsonAsync("/api/chat", new { text = "我的待办" }), HttpStatusCode.BadRequest);
        Assert.Equal(0L, await factory.ScalarAsync("SELECT COUNT(*) FROM conversations"));
    }

    [Fact]
    public async Task Without_WeCom_it_is_the_demo_as_any_user_id_and_only_well_formed_ids()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var client = factory.CreateClient();

        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/chat/session")).GetProperty("anyUser").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/chat", new { user = "demo-contact", text = "你好" })).StatusCode);
        await AssertErrorAsync(await client.PostAsJsonAsync("/api/chat", new { user = "demo-supervisor\n", text = "我的待办" }), HttpStatusCode.BadRequest);
        await AssertErrorAsync(await client.GetAsync("/api/inbox/..%2F..%2Fetc"), HttpStatusCode.BadRequest);
        await AssertErrorAsync(await client.GetAsync("/api/inbox/demo-contact%0A"), HttpStatusCode.BadRequest);
        Assert.Equal(0L, await factory.ScalarAsync("SELECT COUNT(*) FROM users WHERE id LIKE '%' || char(10)"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://10.1.2.3:80", false)]
    public void Only_loopback_addresses_count_as_private(string address, bool loopback) =>
        Assert.Equal(loopback, LocalChannelExposure.IsLoopback(address));

    [Theory]
    [InlineData("http://0.0.0.0:5080", null, true)]
    [InlineData("http://127.0.0.1:5080", null, false)]
    [InlineData("http://0.0.0.0:5080", false, false)]
    public async Task The_host_warns_at_start_when_anyone_can_act_as_anyone_beyond_loopback(string address, bool? enabled, bool warns)
    {
        var features = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
        var addresses = new Microsoft.AspNetCore.Hosting.Server.Features.ServerAddressesFeature();
        addresses.Addresses.Add(address);
        features.Set<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>(addresses);
        var server = NSubstitute.Substitute.For<Microsoft.AspNetCore.Hosting.Server.IServer>();
        server.Features.Returns(features);
        var logger = new ListLogger();
        var access = new LocalChannelAccess(Options.Create(new LocalChannelOptions { Enabled = enabled }), Options.Create(new HelpAgency.WeCom.WeComOptions()),
            HelpAgency.Host.Http.ConsoleTexts.Load(RepositoryRoot.Dialogs));

        await new LocalChannelExposure(access, server, logger).StartedAsync(default);

        Assert.Equal(warns, logger.Warnings.Any(w => w.Contains(address, StringComparison.Ordinal)));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<LocalChannelExposure>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == Microsoft.Extensions.Logging.LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }

    private HelpAgencyFactory Host(bool? enabled)
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        if (enabled is { } on)
        {
            settings["LocalChannel:Enabled"] = on ? "true" : "false";
        }

        return new HelpAgencyFactory(settings);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
    }

}
