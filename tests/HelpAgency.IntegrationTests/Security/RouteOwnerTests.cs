using System.Net;
using System.Text;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpAgency.IntegrationTests.Security;

/// <summary>
/// Every endpoint has an owner. The routes come from the host's own endpoint data source, so a route added without an
/// owner here fails the test; each is called anonymously, with a contact's session, as an assistant and as a
/// supervisor, with WeCom on and off. Whoever the owner does not admit gets 401, 403 or 404 with the JSON error
/// and nothing else; nobody gets a 5xx.
/// </summary>
public sealed class RouteOwnerTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Who may call a route: the README's endpoint table says the same.</summary>
    public enum Owner
    {
        /// <summary>Anyone.</summary>
        Public,

        /// <summary>Anyone: the steps of signing in (each answers 404 where its way of signing in is not the host's).</summary>
        SignIn,

        /// <summary>Anyone with a session cookie.</summary>
        Session,

        /// <summary>Assistants and supervisors.</summary>
        Staff,

        /// <summary>Supervisors, or a script with the admin key.</summary>
        Supervisor,

        /// <summary>The local channel: anyone without WeCom; nobody with WeCom unless enabled.</summary>
        LocalChannel,

        /// <summary>WeCom's servers, proven by the callback signature.</summary>
        WeCom,
    }

    public static readonly IReadOnlyDictionary<string, Owner> Owners = new Dictionary<string, Owner>(StringComparer.Ordinal)
    {
        ["GET /healthz"] = Owner.Public,
        ["POST /api/nlu/parse"] = Owner.Public,
        ["GET /api/chat/session"] = Owner.LocalChannel,
        ["POST /api/chat"] = Owner.LocalChannel,
        ["GET /api/inbox/{user}"] = Owner.LocalChannel,
        ["GET /auth/signin"] = Owner.SignIn,
        ["GET /auth/wecom"] = Owner.SignIn,
        ["GET /auth/wecom/callback"] = Owner.SignIn,
        ["GET /auth/local"] = Owner.SignIn,
        ["POST /auth/local"] = Owner.SignIn,
        ["POST /auth/signout"] = Owner.SignIn,
        ["GET /api/auth/me"] = Owner.Session,
        ["GET /api/admin/me"] = Owner.Staff,
        ["GET /api/admin/overview"] = Owner.Staff,
        ["GET /api/admin/projects"] = Owner.Staff,
        ["GET /api/admin/cases"] = Owner.Staff,
        ["GET /api/admin/cases/{id:long}"] = Owner.Staff,
        ["POST /api/admin/cases"] = Owner.Staff,
        ["GET /api/admin/intake"] = Owner.Staff,
        ["GET /api/admin/staff"] = Owner.Staff,
        ["GET /api/admin/stages"] = Owner.Staff,
        ["GET /api/admin/missed"] = Owner.Supervisor,
        ["POST /api/admin/missed/learn"] = Owner.Supervisor,
        ["GET /api/admin/missed/learned"] = Owner.Supervisor,
        ["POST /api/admin/cases/{id:long}/items/{code}"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/records"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/issues"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/meetings"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/reassign"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/archive"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/terminate"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/request-evaluation"] = Owner.Staff,
        ["POST /api/admin/cases/{id:long}/terminate-unanswered"] = Owner.Staff,
        ["GET /api/admin/cases/{id:long}/ledger"] = Owner.Staff,
        ["GET /api/admin/ledger"] = Owner.Staff,
        ["GET /api/admin/outbox"] = Owner.Supervisor,
        ["GET /api/admin/outbox/summary"] = Owner.Supervisor,
        ["POST /api/admin/outbox/{id:long}/retry"] = Owner.Supervisor,
        ["GET /wecom/callback"] = Owner.WeCom,
        ["POST /wecom/callback"] = Owner.WeCom,
    };

    private static readonly string[] Identities = ["anonymous", "contact", "assistant", "supervisor"];

    private FakeWeComServer _wecom = null!;

    public async Task InitializeAsync() => _wecom = await FakeWeComServer.StartAsync();

    public async Task DisposeAsync() => await _wecom.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_route_answers_only_its_owner(bool wecom)
    {
        var settings = wecom ? WeComCallbackClient.Settings(_wecom.BaseUrl) : [];
        settings["Demo:Seed"] = "true";
        await using var factory = new HelpAgencyFactory(settings);
        var routes = Routes(factory);
        var unowned = routes.Where(r => !Owners.ContainsKey(r)).ToList();
        Assert.True(unowned.Count == 0, "Routes without an owner in RouteOwnerTests.Owners (and the README): " + string.Join(", ", unowned));

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = StaffClient.Anonymous(factory),
            ["contact"] = await StaffClient.WithSessionAsync(factory, "demo-contact", "contact"),
            ["assistant"] = await StaffClient.WithSessionAsync(factory, "demo-assistant", "assistant"),
            ["supervisor"] = await StaffClient.WithSessionAsync(factory, "demo-supervisor", "supervisor"),
        };

        var checkedCalls = 0;
        foreach (var route in routes)
        {
            foreach (var identity in Identities)
            {
                var response = await clients[identity].SendAsync(Request(route));
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                var what = $"{route} as {identity} with WeCom {(wecom ? "on" : "off")}: {status} {Truncate(body)}";
                Assert.True(status < 500, what);
                if (Expected(Owners[route], identity, wecom) is { } refusals)
                {
                    Assert.True(refusals.Contains(status), what);
                    AssertOnlyError(body, what);
                }
                else if (status >= 400)
                {
                    AssertOnlyError(body, what);
                }

                checkedCalls++;
            }
        }

        output.WriteLine($"WeCom {(wecom ? "on" : "off")}: {routes.Count} routes, {checkedCalls} calls checked");
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>The statuses that refuse <paramref name="identity"/>, or null when the owner admits them.</summary>
    private static int[]? Expected(Owner owner, string identity, bool wecom) => owner switch
    {
        Owner.Public or Owner.SignIn => null,
        Owner.Session => identity == "anonymous" ? [401] : null,
        Owner.Staff => identity switch { "anonymous" => [401], "contact" => [403], _ => null },
        Owner.Supervisor => identity switch { "anonymous" => [401], "supervisor" => null, _ => [403] },
        Owner.LocalChannel => wecom ? [404] : null,
        // Unsigned, as every identity here is: refused as the protocol says.
        Owner.WeCom => [400],
        _ => throw new ArgumentOutOfRangeException(nameof(owner)),
    };

    private static List<string> Routes(HelpAgencyFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static HttpRequestMessage Request(string route)
    {
        var (method, pattern) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
        var path = pattern.Replace("{id:long}", "1").Replace("{code}", "construction_permit").Replace("{user}", "demo-contact");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>An error answer carries the JSON error and nothing else: no data rides along with a refusal.</summary>
    private static void AssertOnlyError(string body, string what)
    {
        using var json = JsonDocument.Parse(body);
        var properties = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(properties is ["error"], what);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()), what);
    }

    private static string Truncate(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
