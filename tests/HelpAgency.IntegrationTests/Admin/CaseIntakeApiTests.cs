using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>
/// POST /api/admin/cases: staff enter an application from the paper 申请表 the enterprise signed. Without the signed form
/// (the 委托协议) nothing opens; with it the case opens, its assistant gets the task, and the ledger keeps the form.
/// </summary>
public sealed class CaseIntakeApiTests : IAsyncLifetime
{
    private ConsoleHost _host = null!;
    private HttpClient _assistant = null!;

    public async Task InitializeAsync()
    {
        _host = await ConsoleHost.StartAsync();
        _assistant = await _host.AsAsync("demo-assistant");
    }

    public async Task DisposeAsync()
    {
        _assistant.Dispose();
        await _host.DisposeAsync();
    }

    private static Dictionary<string, object?> Application(object? agreement) => new()
    {
        ["projectName"] = "光谷窗口受理测试园",
        ["unitName"] = "武汉窗口受理科技有限公司",
        ["creditCode"] = "91420100MA4K8LT3XP",
        ["projectType"] = "social_filing",
        ["park"] = "光谷生物城",
        ["contactUserId"] = "qiye-wangwu",
        ["contactName"] = "王五",
        ["contactPhone"] = "13912348888",
        ["itemCodes"] = new[] { "LX01", "LX06", "GC01" },
        ["agreement"] = agreement,
    };

    public static TheoryData<string, string, string> Refused => new()
    {
        { "no agreement", """{"agreement":null}""", "委托协议" },
        { "no signing day", """{"agreement":{"signedBy":"王五"}}""", "agreement.signedOn" },
        { "no signer", """{"agreement":{"signedOn":"2026-11-24"}}""", "申请表签署人" },
        { "signed tomorrow", """{"agreement":{"signedOn":"2026-11-26","signedBy":"王五"}}""", "不能晚于今天" },
        { "not a day", """{"agreement":{"signedOn":"2026-11-31","signedBy":"王五"}}""", "" },
        { "a staff account as the contact", """{"contactUserId":"demo-assistant-2","agreement":{"signedOn":"2026-11-24","signedBy":"王五"}}""", "帮办工作人员的账号" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_application_without_a_valid_signed_agreement_gets_400_with_a_JSON_error_and_nothing_is_written(string what, string change, string error)
    {
        var body = Application(null);
        foreach (var field in JsonDocument.Parse(change).RootElement.EnumerateObject())
        {
            body[field.Name] = field.Value;
        }

        var before = await CountsAsync();

        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Contains(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_signed_paper_application_opens_the_case_with_the_form_in_the_ledger_and_the_assistant_told()
    {
        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", Application(new { signedOn = "2026-11-24", signedBy = "王五" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = opened.GetProperty("id").GetInt64();
        Assert.Equal($"/api/admin/cases/{id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("BD2026-", opened.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal("demo-assistant", opened.GetProperty("assistant").GetString());

        var view = await _assistant.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        Assert.Equal("qiye-wangwu", Assert.Single(view.GetProperty("contacts").EnumerateArray()).GetProperty("userId").GetString());
        var ledger = view.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(["case_opened", "agreement_confirmed", "case_assigned"], ledger.Select(l => l.GetProperty("action").GetString()));
        Assert.Equal("项目经办人王五签署纸质申请表（2026-11-24），工作人员录入", ledger[1].GetProperty("summary").GetString());
        Assert.Equal(1, await _host.Factory.ScalarAsync(
            $"SELECT COUNT(*) FROM service_ledger WHERE case_id = {id} AND action = 'agreement_confirmed' AND actor_id = 'demo-assistant' AND details LIKE '%\"signed_on\":\"2026-11-24\"%'"));
        Assert.Equal(1, await _host.Factory.ScalarAsync($"SELECT COUNT(*) FROM outbox WHERE recipient = 'demo-assistant' AND idempotency_key LIKE 'case:{id}:assigned:%'"));
    }

    private async Task<string> CountsAsync()
    {
        var counts = new List<long>();
        foreach (var table in new[] { "projects", "project_contacts", "cases", "service_ledger", "outbox", "users" })
        {
            counts.Add(await _host.Factory.ScalarAsync($"SELECT COUNT(*) FROM {table}"));
        }

        return string.Join(",", counts);
    }
}
