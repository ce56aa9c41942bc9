using System.Net;
using System.Net.Http.Json;
using Dapper;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Security;

/// <summary>
/// The console's session and antiforgery token rest on the data-protection key ring kept in the database: a session
/// issued by one host is honoured by another on the same database and after a restart. Cookies are Secure over HTTPS
/// and behind a trusted proxy that says so.
/// </summary>
public sealed class SessionKeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-keys-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_session_from_one_host_works_on_another_and_after_a_restart()
    {
        var cookies = new CookieContainer();
        await using (var first = Host())
        {
            using var client = first.CreateDefaultClient(new CookieContainerHandler(cookies));
            var signIn = await client.PostAsync("/auth/local", await StaffClient.LocalFormAsync(client, "demo-supervisor"));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            await StaffClient.AddCsrfAsync(client);
            var token = client.DefaultRequestHeaders.GetValues(StaffClient.CsrfHeader).Single();

            // A second host on the same database, running at the same time.
            await using var second = Host();
            using var other = second.CreateDefaultClient(new CookieContainerHandler(cookies));
            other.DefaultRequestHeaders.Add(StaffClient.CsrfHeader, token);
            Assert.Equal("demo-supervisor", (await other.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("userId").GetString());
            var record = await other.PostAsJsonAsync("/api/admin/cases/1/records", new { text = "电话回访企业" });
            Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        }

        await using (var restarted = Host())
        {
            using var client = restarted.CreateDefaultClient(new CookieContainerHandler(cookies));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "shared.db")}");
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"));
    }

    [Theory]
    [InlineData("https://localhost", null, null, true)]
    [InlineData("http://localhost", "127.0.0.1", "https", true)]
    [InlineData("http://localhost", "203.0.113.9", "https", false)]
    [InlineData("http://localhost", "127.0.0.1", null, false)]
    public async Task Cookies_are_Secure_over_HTTPS_and_behind_a_trusted_proxy_that_says_so(string baseAddress, string? peer, string? forwardedProto, bool secure)
    {
        await using var factory = Host(peer);
        using var client = factory.CreateDefaultClient(new Uri(baseAddress), new CookieContainerHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/local") { Content = await StaffClient.LocalFormAsync(client, "demo-assistant") };

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await client.SendAsync(request);

        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StaffSignInExtensionsCookie, StringComparison.Ordinal));
        Assert.Equal(secure, session.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    private const string StaffSignInExtensionsCookie = HelpAgency.Host.StaffSignIn.StaffSignInExtensions.CookieName + "=";

    private HelpAgencyFactory Host(string? peer = null) => new(
        new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "true",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "shared.db")}",
        },
        services =>
        {
            if (peer is not null)
            {
                services.AddSingleton<IStartupFilter>(new PeerAddress(System.Net.IPAddress.Parse(peer)));
            }
        });

    /// <summary>Plays the connection's far end: the test server has no socket, so it sets the address a proxy would connect from.</summary>
    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                context.Connection.RemoteIpAddress = address;
                await call();
            });
            next(app);
        };
    }
}
