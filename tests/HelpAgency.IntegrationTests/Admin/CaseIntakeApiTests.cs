using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>
/// POST /api/admin/cases: staff enter an application from the paper 申请表 the enterprise signed. Without the signed form
/// (the 委托协议) nothing opens; with it the case opens, its assistant gets the task, and the ledger keeps the form. An
/// application repeating an open case of the unit's same project opens only once staff confirm it is another project.
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

        await AssertRefusedAsync(_assistant, body, HttpStatusCode.BadRequest, error, what);
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

    [Fact]
    public async Task A_second_application_for_the_same_unit_and_project_gets_409_naming_the_open_case_and_nothing_is_written()
    {
        var first = await OpenAsync(Application(new { signedOn = "2026-11-24", signedBy = "王五" }));
        var again = Application(new { signedOn = "2026-11-25", signedBy = "赵六" });
        again["projectName"] = "光谷窗口受理测试园（一期）";
        again["contactUserId"] = "qiye-zhaoliu";
        var before = await CountsAsync();

        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", again);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refusal = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"该单位已有在办的帮办案件 {first.Reference}（光谷窗口受理测试园），未重复受理。如确属不同项目，请确认“不是同一项目”后重新提交。",
            refusal.GetProperty("error").GetString());
        var duplicate = refusal.GetProperty("duplicate");
        Assert.Equal(first.Id, duplicate.GetProperty("id").GetInt64());
        Assert.Equal(first.Reference, duplicate.GetProperty("reference").GetString());
        Assert.Equal("光谷窗口受理测试园", duplicate.GetProperty("projectName").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_application_confirmed_as_not_the_open_cases_project_opens_a_second_case_and_the_ledger_says_so()
    {
        var first = await OpenAsync(Application(new { signedOn = "2026-11-24", signedBy = "王五" }));
        var again = Application(new { signedOn = "2026-11-25", signedBy = "王五" });
        again["notDuplicateOf"] = first.Id;

        var second = await OpenAsync(again);

        Assert.NotEqual(first.Id, second.Id);
        var view = await _assistant.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{second.Id}");
        var opened = view.GetProperty("ledger").EnumerateArray().First(l => l.GetProperty("action").GetString() == "case_opened");
        Assert.EndsWith($"；经工作人员确认，与在办案件 {first.Reference} 不是同一项目", opened.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await _host.Factory.ScalarAsync("SELECT COUNT(*) FROM projects WHERE credit_code = '91420100MA4K8LT3XP'"));
    }

    [Fact]
    public async Task A_confirmation_naming_another_case_than_the_open_one_gets_409_naming_the_right_one_and_nothing_is_written()
    {
        var first = await OpenAsync(Application(new { signedOn = "2026-11-24", signedBy = "王五" }));
        var other = Application(new { signedOn = "2026-11-24", signedBy = "王五" });
        other["projectName"] = "光谷另一个测试园";
        var unrelated = await OpenAsync(other);
        var again = Application(new { signedOn = "2026-11-25", signedBy = "王五" });
        again["notDuplicateOf"] = unrelated.Id;
        var before = await CountsAsync();

        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", again);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refusal = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("您确认的不是查到的在办案件", refusal.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(first.Id, refusal.GetProperty("duplicate").GetProperty("id").GetInt64());
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("0", HttpStatusCode.BadRequest, "notDuplicateOf 应为")]
    [InlineData("-3", HttpStatusCode.BadRequest, "notDuplicateOf 应为")]
    [InlineData("\"BD2026-000001\"", HttpStatusCode.BadRequest, "notDuplicateOf")]
    public async Task A_confirmation_that_is_not_a_case_id_gets_400_and_nothing_is_written(string value, HttpStatusCode status, string error)
    {
        await OpenAsync(Application(new { signedOn = "2026-11-24", signedBy = "王五" }));
        var again = Application(new { signedOn = "2026-11-25", signedBy = "王五" });
        again["notDuplicateOf"] = JsonDocument.Parse(value).RootElement;

        await AssertRefusedAsync(_assistant, again, status, error);
    }

    [Fact]
    public async Task Another_project_of_a_unit_with_an_open_case_opens_without_a_confirmation()
    {
        await OpenAsync(Application(new { signedOn = "2026-11-24", signedBy = "王五" }));
        var other = Application(new { signedOn = "2026-11-24", signedBy = "王五" });
        other["projectName"] = "光谷研发中心二号楼";

        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", other);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_gives_the_new_case_to_the_assistant_they_choose_and_the_ledger_says_so()
    {
        using var supervisor = await _host.AsAsync("demo-supervisor");
        var application = Application(new { signedOn = "2026-11-24", signedBy = "王五" });
        application["assistantId"] = "demo-assistant-2";

        var response = await supervisor.PostAsJsonAsync("/api/admin/cases", application);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The rule would have chosen demo-assistant, who covers 光谷生物城.
        Assert.Equal("demo-assistant-2", opened.GetProperty("assistant").GetString());
        var id = opened.GetProperty("id").GetInt64();
        var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        var assigned = view.GetProperty("ledger").EnumerateArray().Single(l => l.GetProperty("action").GetString() == "case_assigned");
        Assert.Equal("分派给 demo-assistant-2（录入申请时指定）", assigned.GetProperty("summary").GetString());
        Assert.Equal(1, await _host.Factory.ScalarAsync($"SELECT COUNT(*) FROM outbox WHERE recipient = 'demo-assistant-2' AND idempotency_key LIKE 'case:{id}:assigned:%'"));
    }

    [Theory]
    [InlineData("demo-assistant-2", HttpStatusCode.Forbidden, "只能把案件分派给自己")]
    [InlineData("nobody-here", HttpStatusCode.BadRequest, "找不到帮办专员“nobody-here”")]
    [InlineData("demo-supervisor", HttpStatusCode.BadRequest, "找不到帮办专员")]
    public async Task An_assistant_choice_the_entering_member_may_not_make_is_refused_and_nothing_is_written(string assistantId, HttpStatusCode status, string error)
    {
        var application = Application(new { signedOn = "2026-11-24", signedBy = "王五" });
        application["assistantId"] = assistantId;

        await AssertRefusedAsync(_assistant, application, status, error);
    }

    [Fact]
    public async Task The_intake_form_gets_its_words_from_console_yaml_and_the_catalogs_project_types()
    {
        var form = await _assistant.GetFromJsonAsync<JsonElement>("/api/admin/intake");

        Assert.Equal("录入帮办申请", form.GetProperty("texts").GetProperty("intake.title").GetString());
        var types = form.GetProperty("projectTypes").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!, t => t.GetProperty("name").GetString());
        Assert.Contains("social_filing", types.Keys);
        // A tag on top of a base type (overlay) lists no items: an application cannot name it.
        Assert.DoesNotContain(types.Keys, code => code == "key_project");
    }

    private async Task<(long Id, string Reference)> OpenAsync(Dictionary<string, object?> application)
    {
        var response = await _assistant.PostAsJsonAsync("/api/admin/cases", application);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (opened.GetProperty("id").GetInt64(), opened.GetProperty("reference").GetString()!);
    }

    /// <summary>Posts the application and checks it is refused with <paramref name="status"/>, a JSON error containing <paramref name="error"/>, and nothing written.</summary>
    private async Task AssertRefusedAsync(HttpClient client, Dictionary<string, object?> application, HttpStatusCode status, string error, string? what = null)
    {
        var before = await CountsAsync();

        var response = await client.PostAsJsonAsync("/api/admin/cases", application);

        Assert.True(response.StatusCode == status, $"{what}: {response.StatusCode}");
        Assert.Contains(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
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
