using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>The staff operations over HTTP, one case in full, and each error status mapped from the case operations.</summary>
public sealed class CaseActionsApiTests : IAsyncLifetime
{
    private const string Main = "光谷智造园一期";
    private const string Biotech = "光谷生物医药加速器三期";

    private ConsoleHost _host = null!;
    private HttpClient _supervisor = null!;
    private Dictionary<string, long> _ids = null!;

    public async Task InitializeAsync()
    {
        _host = await ConsoleHost.StartAsync();
        _supervisor = await _host.AsAsync("demo-supervisor");
        _ids = await _host.CaseIdsAsync();
    }

    public async Task DisposeAsync()
    {
        _supervisor.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_case_in_full_has_items_with_plan_and_actual_dates_and_its_ledger()
    {
        var view = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{_ids[Main]}");

        Assert.Equal(Main, view.GetProperty("project").GetProperty("name").GetString());
        var items = view.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(6, items.Count);
        var approved = items.First(i => i.GetProperty("status").GetString() == "approved");
        Assert.NotEqual(JsonValueKind.Null, approved.GetProperty("completedAt").ValueKind);
        Assert.True(approved.TryGetProperty("plannedDue", out _));
        Assert.True(approved.GetProperty("workingDays").GetInt32() >= 0);
        Assert.Single(items, i => i.GetProperty("overdue").GetBoolean());
        var ledger = view.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal("委托受理", ledger[0].GetProperty("actionLabel").GetString());
        Assert.Contains(ledger, l => l.GetProperty("summary").GetString()!.Contains("已受理 → 已办结", StringComparison.Ordinal));
        Assert.Contains(ledger, l => l.GetProperty("actionLabel").GetString() == "服务记录");
        Assert.False(view.TryGetProperty("evaluation", out _)); // nulls are left out
        Assert.True(view.TryGetProperty("checks", out _) && view.TryGetProperty("meetings", out _) && view.TryGetProperty("contacts", out _));
    }

    [Fact]
    public async Task An_item_done_late_moves_the_items_not_started_after_it_so_no_plan_date_has_gone_by()
    {
        var id = _ids[Main];
        var before = (await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}")).GetProperty("items").EnumerateArray().ToList();
        var late = before.Single(i => i.GetProperty("overdue").GetBoolean());
        var lateDue = DateOnly.Parse(late.GetProperty("plannedDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var waiting = before.Where(i => i.GetProperty("status").GetString() == "not_started"
            && DateOnly.Parse(i.GetProperty("plannedStart").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= lateDue)
            .ToDictionary(i => i.GetProperty("code").GetString()!, i => DateOnly.Parse(i.GetProperty("plannedDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(waiting.Count > 0, string.Join(" | ", before.Select(i => $"{i.GetProperty("code")} {i.GetProperty("status")} {i.GetProperty("plannedStart")}..{i.GetProperty("plannedDue")}")));

        // The demo's plan was re-dated to today when seeded, as the follow-up scan would: the item is done a day later.
        _host.Factory.Clock.Advance(TimeSpan.FromDays(1));
        using var supervisor = await _host.AsAsync("demo-supervisor");
        var done = await supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/items/{late.GetProperty("code").GetString()}", new { status = "approved", certificateNo = "审查合格书2026-101" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);

        var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        var today = DateOnly.FromDateTime(DateTimeOffset.Parse(view.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("code").GetString() == late.GetProperty("code").GetString()).GetProperty("completedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToOffset(TimeSpan.FromHours(8)).DateTime);
        foreach (var item in view.GetProperty("items").EnumerateArray().Where(i => waiting.ContainsKey(i.GetProperty("code").GetString()!)))
        {
            var due = DateOnly.Parse(item.GetProperty("plannedDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(due > waiting[item.GetProperty("code").GetString()!], "a waiting item kept its old due date");
            Assert.True(DateOnly.Parse(item.GetProperty("plannedStart").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= today, "a waiting item still starts on a day gone by");
            Assert.False(item.GetProperty("overdue").GetBoolean());
        }

        Assert.Contains(view.GetProperty("ledger").EnumerateArray(), l => l.GetProperty("summary").GetString()!.Contains("已办结，证照编号 审查合格书2026-101；后续1个未开始事项顺延", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_console_shows_why_each_conditional_item_is_planned_and_what_the_application_left_out()
    {
        // The demo's government project applied with its credit code and no facts: 企业开办 is left out, the
        // conditional items whose facts are unknown are kept for the assistant to confirm.
        var view = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{_ids[Biotech]}");

        var items = view.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, i => i.GetProperty("code").GetString() == "QY01");
        var seismic = items.Single(i => i.GetProperty("code").GetString() == "GC07");
        Assert.Equal("是否需要办理待帮办专员与您确认", seismic.GetProperty("reason").GetString());
        var filing = items.Single(i => i.GetProperty("code").GetString() == "LX03");
        Assert.False(filing.TryGetProperty("reason", out _)); // an item every project of the type needs has no reason
        var opened = view.GetProperty("ledger")[0].GetProperty("summary").GetString()!;
        Assert.Contains("不列入：企业开办", opened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_update_an_item_log_a_record_raise_an_issue_and_schedule_a_meeting()
    {
        var id = _ids[Biotech];
        var view = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        var code = view.GetProperty("items")[0].GetProperty("code").GetString();

        var item = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/items/{code}", new { status = "preparing", note = "已通知准备材料" });
        var record = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/records", new { text = "现场踏勘" });
        var issue = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/issues", new { title = "用地红线与规划不一致", leadDepartment = "区自然资源和规划局", itemCode = code });
        var issueId = (await issue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var meeting = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/meetings", new
        {
            topic = "用地协调会",
            startsAt = _host.Factory.Clock.GetUtcNow().AddDays(2),
            place = "政务服务中心3楼",
            participants = new[] { "demo-assistant", "demo-supervisor" },
            issueId,
        });

        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meeting.StatusCode);
        var after = await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}");
        Assert.Equal("preparing", after.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Single(after.GetProperty("issues").EnumerateArray());
        Assert.Single(after.GetProperty("meetings").EnumerateArray());
        var actions = after.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("action").GetString()).ToList();
        Assert.Contains("item_status", actions);
        Assert.Contains("service_record", actions);
        Assert.Contains("coordination_raised", actions);
        Assert.Contains("meeting_scheduled", actions);
    }

    [Fact]
    public async Task A_case_is_terminated_after_the_evaluation_and_then_listed_as_closed()
    {
        var id = _ids[Biotech];
        Assert.Equal(HttpStatusCode.Conflict, (await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate", new { reason = "项目暂缓" })).StatusCode);
        await using (var work = await _host.Factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            var now = _host.Factory.Clock.GetUtcNow();
            var contact = new AppUser("demo-contact-2", "", UserRole.Contact, now);
            await _host.Factory.Services.GetRequiredService<CaseOperations>().Closing.EvaluateAsync(new OperationContext(work, contact, now), id, 4, "响应及时", default);
            await work.CommitAsync(default);
        }

        var terminated = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate", new { reason = "项目暂缓" });

        Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
        var closed = await _supervisor.GetFromJsonAsync<JsonElement>("/api/admin/cases?status=terminated");
        Assert.Equal(id, Assert.Single(closed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var overview = await _supervisor.GetFromJsonAsync<JsonElement>("/api/admin/overview");
        Assert.Equal(4, overview.GetProperty("satisfaction").GetProperty("average").GetDouble());
        Assert.Equal(1, overview.GetProperty("closedCases").GetInt32());
    }

    [Fact]
    public async Task A_supervisor_ends_a_case_left_unevaluated_once_the_wait_after_the_request_is_over_and_the_ledger_says_so()
    {
        var id = _ids[Main];
        using var assistant = await _host.AsAsync("demo-assistant");
        var unasked = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate-unanswered", new { reason = "企业一直未回复" });
        Assert.Equal(HttpStatusCode.Conflict, unasked.StatusCode);
        Assert.Contains("还没有请项目单位填写服务评价", await ErrorAsync(unasked));

        var asked = await assistant.PostAsync($"/api/admin/cases/{id}/request-evaluation", null);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var wait = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-11-25", wait.GetProperty("requestedOn").GetString());
        Assert.Equal("2026-12-09", wait.GetProperty("terminableFrom").GetString());

        var byAssistant = await assistant.PostAsJsonAsync($"/api/admin/cases/{id}/terminate-unanswered", new { reason = "企业一直未回复" });
        Assert.Equal(HttpStatusCode.Forbidden, byAssistant.StatusCode);
        Assert.Contains("只有督导人员", await ErrorAsync(byAssistant));
        var early = await _supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate-unanswered", new { reason = "企业一直未回复" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("12月9日", await ErrorAsync(early));
        _host.Factory.Clock.Advance(TimeSpan.FromDays(14));
        using var supervisor = await _host.AsAsync("demo-supervisor"); // the earlier session has expired meanwhile
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate-unanswered", new { reason = "" })).StatusCode);

        var ended = await supervisor.PostAsJsonAsync($"/api/admin/cases/{id}/terminate-unanswered", new { reason = "企业一直未回复" });

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("terminated", (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var closed = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/cases?status=terminated");
        Assert.Equal(id, Assert.Single(closed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var ledger = (await supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}")).GetProperty("ledger").EnumerateArray().ToList();
        Assert.Contains(ledger, l => l.GetProperty("actionLabel").GetString() == "请求评价"
            && l.GetProperty("summary").GetString() == "请项目单位填写服务评价，2026-12-09 起仍未评价的可终止帮办");
        Assert.Equal("原因：企业一直未回复；项目单位自 2026-11-25 请其评价后 10 个工作日未评价，由督导终止",
            ledger.Single(l => l.GetProperty("actionLabel").GetString() == "终止帮办").GetProperty("summary").GetString());
        var csv = await supervisor.GetStringAsync($"/api/admin/cases/{id}/ledger?format=csv");
        Assert.Contains("10 个工作日未评价", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wait_before_an_unevaluated_case_may_end_is_configured_in_working_days_and_checked_at_start()
    {
        await using (var host = await ConsoleHost.StartAsync(settings: new Dictionary<string, string?> { ["Cases:UnansweredEvaluationWorkingDays"] = "3" }))
        {
            using var supervisor = await host.AsAsync("demo-supervisor");
            var asked = await supervisor.PostAsync($"/api/admin/cases/{(await host.CaseIdsAsync())[Main]}/request-evaluation", null);
            Assert.Equal("2026-11-30", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("terminableFrom").GetString());
        }

        using var wrong = new Hosting.HelpAgencyFactory(new Dictionary<string, string?> { ["Cases:UnansweredEvaluationWorkingDays"] = "0" });
        var refused = Assert.ThrowsAny<Exception>(() => wrong.CreateClient());
        Assert.Contains("Cases:UnansweredEvaluationWorkingDays must be between 1 and 60", refused.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/items/LX01", """{"status":"flying"}""", HttpStatusCode.BadRequest)]
    [InlineData("/items/LX01", """{"status":"approved"}""", HttpStatusCode.Conflict)]
    [InlineData("/items/NOPE", """{"status":"preparing"}""", HttpStatusCode.NotFound)]
    [InlineData("/records", """{"text":"  "}""", HttpStatusCode.BadRequest)]
    [InlineData("/records", "not json", HttpStatusCode.BadRequest)]
    [InlineData("/issues", """{"title":"缺牵头部门"}""", HttpStatusCode.BadRequest)]
    [InlineData("/meetings", """{"topic":"会","place":"会议室","participants":["a"]}""", HttpStatusCode.BadRequest)]
    [InlineData("/meetings", """{"topic":"会","place":"会议室","participants":["a"],"startsAt":"2020-01-01T09:00:00+08:00"}""", HttpStatusCode.BadRequest)]
    [InlineData("/reassign", """{"assistantId":"nobody"}""", HttpStatusCode.BadRequest)]
    [InlineData("/archive", "", HttpStatusCode.Conflict)]
    [InlineData("/terminate", """{"reason":""}""", HttpStatusCode.BadRequest)]
    [InlineData("/terminate-unanswered", "not json", HttpStatusCode.BadRequest)]
    public async Task A_refused_operation_answers_its_status_with_a_JSON_error(string path, string body, HttpStatusCode expected)
    {
        var response = await _supervisor.PostAsync($"/api/admin/cases/{_ids[Main]}{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_service_record_over_64_KiB_gets_413_with_a_JSON_error_and_the_ledger_is_unchanged(bool withoutLength)
    {
        var id = _ids[Main];
        var ledgerBefore = (await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}")).GetProperty("ledger").GetArrayLength();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"text\":\"" + new string('踏', 30_000) + "\"}");
        HttpContent content = withoutLength ? new StreamContent(new UnsizedStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _supervisor.PostAsync($"/api/admin/cases/{id}/records", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("请求内容过大。", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var ledgerAfter = (await _supervisor.GetFromJsonAsync<JsonElement>($"/api/admin/cases/{id}")).GetProperty("ledger").GetArrayLength();
        Assert.Equal(ledgerBefore, ledgerAfter);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/records")]
    [InlineData("POST", "/archive")]
    public async Task A_missing_case_is_404(string method, string path)
    {
        var response = await _supervisor.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/admin/cases/999999{path}") { Content = method == "POST" ? JsonContent.Create(new { text = "x" }) : null });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task The_staff_directory_lists_assistants_with_their_open_cases()
    {
        var staff = (await _supervisor.GetFromJsonAsync<JsonElement>("/api/admin/staff")).GetProperty("staff").EnumerateArray().ToList();

        var chen = staff.Single(s => s.GetProperty("userId").GetString() == "demo-assistant");
        Assert.Equal("assistant", chen.GetProperty("role").GetString());
        Assert.Equal(2, chen.GetProperty("openCases").GetInt32());
        Assert.Contains(staff, s => s.GetProperty("role").GetString() == "supervisor");
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    /// <summary>A body whose length is not known up front, so the client sends it in chunks.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
