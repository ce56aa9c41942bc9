using System.Net;
using System.Net.Http.Json;
using System.Text;
using MiniExcelLibs;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>
/// The ledger as XLSX and CSV, per case and per period, with Chinese headers, within what the reader may see: reads
/// only, on one host.
/// </summary>
public sealed class LedgerExportTests(SharedConsoleHosts hosts) : IClassFixture<SharedConsoleHosts>, IAsyncLifetime
{
    private const string Main = "光谷智造园一期";
    private const string Digital = "东湖数字小镇配套厂房";

    private ConsoleHost _host = null!;
    private Dictionary<string, long> _ids = null!;

    public async Task InitializeAsync()
    {
        _host = await hosts.OnAsync();
        _ids = await _host.CaseIdsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_case_ledger_downloads_as_XLSX_with_Chinese_headers_and_one_row_per_line()
    {
        using var client = await _host.AsAsync("demo-assistant");
        var id = _ids[Main];

        var response = await client.GetAsync($"/api/admin/cases/{id}/ledger?format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var rows = (await MiniExcel.QueryAsync(await response.Content.ReadAsStreamAsync(), useHeaderRow: true)).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["序号", "时间", "受理编号", "项目名称", "审批事项", "操作", "内容", "操作人", "角色"], rows[0].Keys);
        var view = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/cases/{id}");
        Assert.Equal(view.GetProperty("ledger").GetArrayLength(), rows.Count);
        Assert.All(rows, r => Assert.Equal(Main, r["项目名称"]));
        Assert.Equal("委托受理", rows[0]["操作"]);
        Assert.Contains(rows, r => (string?)r["操作"] == "事项进度" && ((string)r["内容"]!).Contains("已办结", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_case_ledger_downloads_as_CSV_that_Excel_reads_as_UTF8()
    {
        using var client = await _host.AsAsync("demo-supervisor");

        var response = await client.GetAsync($"/api/admin/cases/{_ids[Main]}/ledger?format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("序号,时间,受理编号,项目名称,审批事项,操作,内容,操作人,角色", lines[0]);
        Assert.Contains(lines, l => l.Contains("服务记录", StringComparison.Ordinal) && l.Contains("上门走访项目现场", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_period_export_covers_the_readers_cases_only()
    {
        using var supervisor = await _host.AsAsync("demo-supervisor");
        using var assistant = await _host.AsAsync("demo-assistant-2");
        const string period = "/api/admin/ledger?from=2026-01-01&to=2026-12-31&format=xlsx";

        var all = await ReadAsync(await supervisor.GetAsync(period));
        var own = await ReadAsync(await assistant.GetAsync(period));

        Assert.Contains(all, r => (string?)r["项目名称"] == Main);
        Assert.Contains(all, r => (string?)r["项目名称"] == Digital);
        Assert.NotEmpty(own);
        Assert.All(own, r => Assert.Equal(Digital, r["项目名称"]));
        var narrow = await ReadAsync(await supervisor.GetAsync("/api/admin/ledger?from=2026-11-24&to=2026-11-25"));
        Assert.True(narrow.Count < all.Count);
    }

    [Theory]
    [InlineData("demo-assistant-2", "/api/admin/cases/{main}/ledger", HttpStatusCode.Forbidden)]
    [InlineData("demo-supervisor", "/api/admin/cases/999999/ledger", HttpStatusCode.NotFound)]
    [InlineData("demo-supervisor", "/api/admin/cases/{main}/ledger?format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("demo-supervisor", "/api/admin/ledger?from=2026-11-30&to=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("demo-supervisor", "/api/admin/ledger?from=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("demo-supervisor", "/api/admin/ledger?from=2024-01-01&to=2026-01-01", HttpStatusCode.BadRequest)]
    public async Task Exports_obey_the_rules_and_refuse_bad_periods(string userId, string path, HttpStatusCode expected)
    {
        using var client = await _host.AsAsync(userId);

        var response = await client.GetAsync(path.Replace("{main}", _ids[Main].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("from=0001-01-01&to=0001-01-02")]
    [InlineData("from=0001-01-01&to=2026-01-01")]
    [InlineData("from=2026-01-01&to=9999-12-31")]
    [InlineData("from=9999-12-31&to=9999-12-31")]
    [InlineData("from=1999-12-31&to=2000-01-01")]
    [InlineData("from=2099-12-31&to=2100-01-01")]
    public async Task A_period_outside_the_years_the_ledger_can_hold_is_a_bad_request_that_names_them(string period)
    {
        using var supervisor = await _host.AsAsync("demo-supervisor");

        var response = await supervisor.GetAsync($"/api/admin/ledger?{period}&format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetString();
        Assert.Contains("2000-01-01 至 2099-12-31", error, StringComparison.Ordinal);
    }

    private static async Task<List<IDictionary<string, object?>>> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await MiniExcel.QueryAsync(await response.Content.ReadAsStreamAsync(), useHeaderRow: true)).Cast<IDictionary<string, object?>>().ToList();
    }
}
