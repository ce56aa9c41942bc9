using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.IntegrationTests.Storage;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>Every filter of GET /api/admin/cases and its paging, on the demo data, on each engine: reads only, one host an engine.</summary>
public sealed class CaseListFilterTests(SharedConsoleHosts hosts) : IClassFixture<SharedConsoleHosts>
{
    private const string Main = "光谷智造园一期";        // in_progress, demo-assistant, 施工许可, one overdue item
    private const string Biotech = "光谷生物医药加速器三期"; // accepted, demo-assistant, key project, 光谷生物城
    private const string Digital = "东湖数字小镇配套厂房";   // in_progress, demo-assistant-2, 光谷软件园

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Each_filter_narrows_the_list_to_the_matching_cases(string engine)
    {
        var host = await hosts.OnAsync(engine);
        using var client = await host.AsAsync("demo-supervisor");
        async Task<string[]> Projects(string query) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/admin/cases" + query)).GetProperty("items").EnumerateArray()
                .Select(c => c.GetProperty("project").GetString()!).Order().ToArray();

        Assert.Equal(new[] { Digital, Biotech, Main }.Order(), await Projects(""));
        Assert.Equal([Biotech], await Projects("?status=accepted"));
        Assert.Equal(new[] { Digital, Main }.Order(), await Projects("?status=in_progress"));
        Assert.Equal(new[] { Digital, Biotech, Main }.Order(), await Projects("?status=open"));
        Assert.Empty(await Projects("?status=closed"));
        Assert.Equal([Main], await Projects("?stage=construction_permit"));
        Assert.DoesNotContain(Main, await Projects("?stage=land_planning"));
        Assert.Equal([Digital], await Projects("?assistant=demo-assistant-2"));
        Assert.Equal(new[] { Biotech, Main }.Order(), await Projects("?assistant=demo-assistant"));
        Assert.Equal([Digital], await Projects("?park=光谷软件园"));
        Assert.Contains(Main, await Projects("?overdue=true"));
        Assert.DoesNotContain(Biotech, await Projects("?overdue=true"));
        Assert.DoesNotContain(Main, await Projects("?overdue=false"));
        Assert.Equal([Biotech], await Projects("?key=true"));
        Assert.Equal(new[] { Digital, Main }.Order(), await Projects("?key=false"));
        Assert.Equal([Main], await Projects("?status=in_progress&assistant=demo-assistant&stage=construction_permit&overdue=true&key=false&park=光谷智能制造产业园"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_row_says_where_the_case_stands(string engine)
    {
        var host = await hosts.OnAsync(engine);
        using var client = await host.AsAsync("demo-supervisor");

        var main = (await client.GetFromJsonAsync<JsonElement>("/api/admin/cases?stage=construction_permit")).GetProperty("items")[0];

        Assert.Matches("^BD2026-\\d{6}$", main.GetProperty("reference").GetString());
        Assert.Equal("帮办中", main.GetProperty("statusLabel").GetString());
        Assert.Equal("施工许可", main.GetProperty("stage").GetProperty("name").GetString());
        Assert.Equal("陈帮办", main.GetProperty("assistant").GetProperty("name").GetString());
        Assert.Equal(6, main.GetProperty("itemCount").GetInt32());
        Assert.Equal(4, main.GetProperty("itemsDone").GetInt32());
        Assert.Equal(1, main.GetProperty("overdueItems").GetInt32());
    }

    [Fact]
    public async Task Pages_split_the_list_newest_first_with_the_totals()
    {
        var host = await hosts.OnAsync();
        using var client = await host.AsAsync("demo-supervisor");

        var first = await client.GetFromJsonAsync<JsonElement>("/api/admin/cases?pageSize=2");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/admin/cases?pageSize=2&page=2");
        var beyond = await client.GetFromJsonAsync<JsonElement>("/api/admin/cases?pageSize=2&page=3");

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("pages").GetInt32());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("?status=lost")]
    [InlineData("?stage=moon_landing")]
    [InlineData("?overdue=maybe")]
    [InlineData("?key=2")]
    [InlineData("?page=0")]
    [InlineData("?page=x")]
    [InlineData("?pageSize=201")]
    public async Task A_bad_filter_is_a_400_with_an_error(string query)
    {
        var host = await hosts.OnAsync();
        using var client = await host.AsAsync("demo-supervisor");

        var response = await client.GetAsync("/api/admin/cases" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Projects_come_with_their_current_contacts(string engine)
    {
        var host = await hosts.OnAsync(engine);
        using var supervisor = await host.AsAsync("demo-supervisor");
        using var assistant = await host.AsAsync("demo-assistant-2");

        var all = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/projects");
        var own = await assistant.GetFromJsonAsync<JsonElement>("/api/admin/projects");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var main = all.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("name").GetString() == Main);
        Assert.Equal("demo-contact", Assert.Single(main.GetProperty("contacts").EnumerateArray()).GetProperty("userId").GetString());
        Assert.Single(main.GetProperty("cases").EnumerateArray());
        Assert.Equal(Digital, Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_overview_counts_stages_overdue_items_durations_and_assistants(string engine)
    {
        var host = await hosts.OnAsync(engine);
        using var client = await host.AsAsync("demo-supervisor");

        var overview = await client.GetFromJsonAsync<JsonElement>("/api/admin/overview");

        Assert.Equal(3, overview.GetProperty("openCases").GetInt32());
        var stages = overview.GetProperty("openByStage").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("cases").GetInt32());
        Assert.Equal(1, stages["施工许可"]);
        Assert.Equal(3, stages.Values.Sum());
        Assert.True(overview.GetProperty("overdueCount").GetInt32() >= 1);
        Assert.Contains(overview.GetProperty("overdueItems").EnumerateArray(), o => o.GetProperty("project").GetString() == Main);
        var durations = overview.GetProperty("itemDurations").EnumerateArray().ToList();
        Assert.Equal(4, durations.Sum(d => d.GetProperty("completed").GetInt32()));
        // Accepted one day, approved the next: one working day, or none when the next day is a weekend.
        Assert.All(durations, d => Assert.InRange(d.GetProperty("averageWorkingDays").GetDouble(), 0, 1));
        Assert.Contains(durations, d => d.GetProperty("averageWorkingDays").GetDouble() == 1);
        var chen = overview.GetProperty("assistants").EnumerateArray().Single(a => a.GetProperty("assistantId").GetString() == "demo-assistant");
        Assert.Equal("陈帮办", chen.GetProperty("name").GetString());
        Assert.Equal(2, chen.GetProperty("open").GetInt32());
        Assert.Equal(0, overview.GetProperty("satisfaction").GetProperty("count").GetInt32());
    }
}
