using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Web;
using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpAgency.IntegrationTests.Security;

/// <summary>
/// Secrets and what users say stay out of the logs at the default level (appsettings.json's): a whole day's worth of
/// traffic (a WeCom sign-in, a conversation over callbacks, pushes through the API with a failure and a retry, the
/// admin key, a forged callback) is run and every line logged is scanned.
/// </summary>
public sealed class LogSecrecyTests : IAsyncLifetime
{
    private const string AdminKey = "admin-key-Qx81vT";
    private const string SecretWords = "暗号青松七号";
    private const string OAuthCode = "oauth-code-5f2e";

    private readonly LogCapture _logs = new();
    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task No_secret_token_cookie_or_message_text_is_logged_at_the_default_level()
    {
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        settings["Admin:ApiKey"] = AdminKey;
        foreach (var (key, value) in DefaultLogLevels())
        {
            settings[key] = value;
        }

        await using var factory = new HelpAgencyFactory(settings, services => services.AddSingleton<ILoggerProvider>(_logs));
        var secrets = new List<string> { "test-secret", WeComCallbackClient.Token, WeComCallbackClient.EncodingAesKey, AdminKey, SecretWords, OAuthCode, "token-1", "access_token", "corpsecret" };

        // A supervisor signs in through WeCom's OAuth2 flow.
        var console = StaffClient.Anonymous(factory);
        var authorize = (await console.GetAsync((await console.GetAsync("/auth/signin")).Headers.Location)).Headers.Location!;
        _wecom.SignInCodes[OAuthCode] = "demo-supervisor";
        var back = await console.GetAsync($"/auth/wecom/callback?code={OAuthCode}&state={HttpUtility.ParseQueryString(authorize.Query)["state"]}");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        secrets.AddRange(back.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)[1]));
        await StaffClient.AddCsrfAsync(console);
        secrets.Add(console.DefaultRequestHeaders.GetValues(StaffClient.CsrfHeader).Single());
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/api/admin/cases")).StatusCode);

        // A contact talks over WeCom; a hand-off pushes to the assistant, whose first send fails and is retried.
        var callbacks = new WeComCallbackClient(factory.CreateClient(), factory.Clock);
        foreach (var (text, i) in new[] { "你好", $"施工许可证要什么材料，{SecretWords}", "查进度", $"转人工 {SecretWords}" }.Select((t, i) => (t, i)))
        {
            (await callbacks.PostAsync(WeComCallbackClient.Text("demo-contact", text, $"log-{i}"))).EnsureSuccessStatusCode();
        }

        _wecom.SendFaults.Enqueue(503);
        var dispatcher = factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }

        // A script with the admin key, and a stranger with a wrong one and a forged callback.
        using var script = factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/admin/outbox/summary")).StatusCode);
        using var stranger = factory.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/admin/outbox")).StatusCode);
        var forged = await callbacks.PostRawAsync(WeComCallbackClient.Envelope(WeComCallbackClient.Codec.Crypto.Encrypt($"<xml>{SecretWords}</xml>")), "0000", WeComCallbackClient.StampSeconds, "1");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var lines = _logs.Lines.ToList();
        Assert.Contains(lines, l => l.StartsWith("Information HelpAgency.", StringComparison.Ordinal)); // the capture sees the default level
        Assert.True(_wecom.Count("/cgi-bin/message/send") > 1, "the pushes went through the WeCom API");
        // Routine API calls are not logged one by one: only failures (warnings) may name a WeCom API address.
        var routine = lines.FirstOrDefault(l => !l.StartsWith("Warning", StringComparison.Ordinal) && !l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("/cgi-bin/", StringComparison.Ordinal));
        Assert.True(routine is null, $"a routine WeCom API call was logged: {routine}");
        foreach (var secret in secrets.Where(s => s.Length >= 6))
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"'{secret}' was logged: {leak}");
        }
    }

    /// <summary>The log levels the host runs with by default: those of the repository's appsettings.json.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> DefaultLogLevels() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot.Path, "appsettings.json")).Build()
            .GetSection("Logging").AsEnumerable(makePathsRelative: false).Where(p => p.Value is not null);

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
