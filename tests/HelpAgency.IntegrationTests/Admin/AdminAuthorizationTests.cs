using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.IntegrationTests.StaffSignIn;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>Who may read and do what through /api/admin: nobody without a session, no non-staff, assistants their own cases, supervisors all.</summary>
public sealed class AdminAuthorizationTests : IAsyncLifetime
{
    private const string Main = "光谷智造园一期";
    private const string Digital = "东湖数字小镇配套厂房";

    private ConsoleHost _host = null!;
    private Dictionary<string, long> _ids = null!;

    public static TheoryData<string, string> Reads => new()
    {
        { "GET", "/api/admin/me" },
        { "GET", "/api/admin/overview" },
        { "GET", "/api/admin/projects" },
        { "GET", "/api/admin/cases" },
        { "GET", "/api/admin/cases/1" },
        { "GET", "/api/admin/staff" },
        { "GET", "/api/admin/outbox" },
        { "GET", "/api/admin/outbox/summary" },
        { "POST", "/api/admin/cases/1/records" },
        { "POST", "/api/admin/cases/1/archive" },
    };

    public async Task InitializeAsync()
    {
        _host = await ConsoleHost.StartAsync();
        _ids = await _host.CaseIdsAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Without_a_session_every_endpoint_answers_401_JSON(string method, string path)
    {
        using var client = StaffClient.Anonymous(_host.Factory);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { text = "x" }) : null });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_session_whose_user_is_no_longer_staff_gets_403(string method, string path)
    {
        using var client = await _host.AsAsync("demo-assistant-2");
        await using (var work = await _host.Factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            await work.Users.UpsertAsync(new AppUser("demo-assistant-2", "王帮办", UserRole.Contact, _host.Factory.Clock.GetUtcNow()), default);
            await work.CommitAsync(default);
        }

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { text = "x" }) : null });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task An_assistant_sees_and_changes_only_their_own_cases()
    {
        using var client = await _host.AsAsync("demo-assistant");
        var own = _ids[Main];
        var other = _ids[Digital];

        var list = await client.GetFromJsonAsync<JsonElement>("/api/admin/cases");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == other);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/cases?assistant=demo-assistant-2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/cases?assistant=demo-assistant")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/admin/cases/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/admin/cases/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/admin/cases/{own}/records", new { text = "电话沟通" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/admin/cases/{other}/records", new { text = "电话沟通" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/admin/cases/{own}/reassign", new { assistantId = "demo-assistant-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/outbox")).StatusCode);

        var overview = await client.GetFromJsonAsync<JsonElement>("/api/admin/overview");
        Assert.Equal(2, overview.GetProperty("openCases").GetInt32());
    }

    [Fact]
    public async Task A_supervisor_sees_every_case_reassigns_and_reads_the_outbox()
    {
        using var client = await _host.AsAsync("demo-supervisor");
        var main = _ids[Main];

        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>("/api/admin/cases")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/admin/cases/{_ids[Digital]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/admin/cases/{main}/reassign", new { assistantId = "demo-assistant-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/outbox?status=pending")).StatusCode);
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/admin/outbox/summary")).TryGetProperty("counts", out _));

        // The case moved: its old assistant is out, the new one in.
        using var before = await _host.AsAsync("demo-assistant");
        using var after = await _host.AsAsync("demo-assistant-2");
        Assert.Equal(HttpStatusCode.Forbidden, (await before.GetAsync($"/api/admin/cases/{main}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync($"/api/admin/cases/{main}")).StatusCode);
    }

    [Fact]
    public async Task Every_staff_read_is_in_the_access_log()
    {
        using var client = await _host.AsAsync("demo-supervisor");
        var before = await AccessCountAsync("demo-supervisor");

        await client.GetAsync("/api/admin/cases");
        await client.GetAsync($"/api/admin/cases/{_ids[Main]}");
        await client.GetAsync("/api/admin/overview");

        Assert.Equal(before + 4, await AccessCountAsync("demo-supervisor")); // list, case, its ledger, overview
    }

    private async Task<long> AccessCountAsync(string userId)
    {
        await using var connection = new SqliteConnection($"Data Source={_host.Factory.DatabasePath}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_log WHERE user_id = @userId", new { userId });
    }
}
