using System.Text.RegularExpressions;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using Xunit.Abstractions;

namespace HelpAgency.IntegrationTests.Browser;

/// <summary>
/// The console in a real browser: the host on Kestrel on a loopback port (a browser cannot reach TestServer),
/// the demo data, local sign-in. Screenshots go to the test output folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Main = "光谷智造园一期";
    private const string Digital = "东湖数字小镇配套厂房";

    // The full suite shares two cores with the browser: Playwright's 30 s default is too tight there.
    private const float BusyMachineTimeout = 120_000;

    private HelpAgencyFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";

    public static string Screenshots => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        _factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["urls"] = "http://127.0.0.1:0" });
        _factory.UseKestrel();
        _factory.StartServer();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }

        _factory?.Dispose();
    }

    // Wait for the navigation to commit, not for the load event: under a loaded CI machine that event once
    // never came within two minutes; each step below waits for the elements it reads instead.
    private static readonly PageGotoOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>
    /// Waits until the page is at an address matching <paramref name="url"/>. Playwright's WaitForURLAsync compares
    /// the address it knows and only then listens for the next navigation, so a navigation that commits in between
    /// (a click's navigation usually does) is missed and the wait runs out; the assertion asks the browser until it matches.
    /// </summary>
    private static Task AtAsync(IPage page, string url) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(url), new PageAssertionsToHaveURLOptions { Timeout = BusyMachineTimeout });

    [BrowserFact]
    public async Task A_supervisor_signs_in_filters_the_list_opens_a_case_sees_its_timeline_and_downloads_its_ledger()
    {
        // A browser far from China still shows China time, as the exports do.
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, TimezoneId = "America/New_York" });
        context.SetDefaultTimeout(BusyMachineTimeout);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);

        await page.GotoAsync("/console/", Committed);
        Assert.Contains("/auth/local", page.Url);
        await page.ClickAsync("button[data-user='demo-supervisor']");
        await page.WaitForSelectorAsync("#open-cases");
        Assert.Equal("3", await page.InnerTextAsync("#open-cases .n"));
        Assert.Contains("施工许可", await page.InnerTextAsync("#by-stage"));
        Assert.Equal(1, await page.Locator("#by-stage svg").CountAsync());
        Assert.Contains(Main, await page.InnerTextAsync("#overdue"));
        Assert.Contains("未解决问题", await page.InnerTextAsync("#missed"));
        await SaveScreenshotAsync(page, "overview.png");

        await page.ClickAsync("header.bar a[href='cases.html']");
        await page.WaitForSelectorAsync("#cases tbody tr[data-case]");
        Assert.Equal(3, await page.Locator("#cases tbody tr[data-case]").CountAsync());
        await page.SelectOptionAsync("select[name=stage]", "construction_permit");
        await page.ClickAsync("#apply");
        await AtAsync(page, "stage=construction_permit");
        await page.WaitForSelectorAsync("#cases tbody tr[data-case]");
        var rows = page.Locator("#cases tbody tr[data-case]");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains(Main, await rows.First.InnerTextAsync());

        await rows.First.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("#timeline li");
        var timeline = await page.InnerTextAsync("#timeline");
        Assert.Contains("委托受理", timeline);
        Assert.Contains("服务记录", timeline);
        Assert.Contains("上门走访项目现场", timeline);
        var lines = await page.Locator("#timeline li").CountAsync();
        Assert.Contains("超期", await page.InnerTextAsync("#items"));
        await SaveScreenshotAsync(page, "case.png");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = Path.Combine(Screenshots, "ledger.xlsx");
        await download.SaveAsAsync(file);
        var sheet = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(lines, sheet.Count);
        Assert.Equal(["序号", "时间", "受理编号", "项目名称", "审批事项", "操作", "内容", "操作人", "角色"], sheet[0].Keys);
        Assert.All(sheet, r => Assert.Equal(Main, r["项目名称"]));
        Assert.Contains(sheet, r => (string?)r["内容"] == "上门走访项目现场，讲解施工许可阶段所需材料。");
        var shown = (await page.Locator("#timeline li .when").AllInnerTextsAsync()).Select(w => w[..16]).Order().ToList();
        Assert.Equal(sheet.Select(r => ((string)r["时间"]!)[..16]).Order().ToList(), shown);

        // A staff operation from the page lands in the timeline.
        await page.FillAsync("#record-form input[name=text]", "浏览器中记录的电话回访");
        await page.ClickAsync("#record-form button");
        await page.WaitForSelectorAsync("#timeline li:has-text('浏览器中记录的电话回访')");

        // Signing out posts the form with its antiforgery token and ends the session.
        await page.ClickAsync("header.bar form button");
        await AtAsync(page, "/auth/local");
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/auth/me")).Status);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task An_assistant_sees_only_their_own_cases_also_on_a_narrow_screen()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        context.SetDefaultTimeout(BusyMachineTimeout);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/", Committed);
        await page.ClickAsync("button[data-user='demo-assistant-2']");
        await AtAsync(page, "mine\\.html$");
        // The rows arrive after the table: wait for them, not for the table, before counting.
        await page.WaitForSelectorAsync("#my-cases tbody tr[data-case]");
        var mine = page.Locator("#my-cases tbody tr[data-case]");
        Assert.Equal(1, await mine.CountAsync());
        Assert.Contains(Digital, await mine.First.InnerTextAsync());

        await page.GotoAsync("/console/cases.html", Committed);
        await page.WaitForSelectorAsync("#cases tbody tr[data-case]");
        var listed = await page.Locator("#cases tbody tr[data-case]").AllInnerTextsAsync();
        Assert.Equal(Digital, Assert.Single(listed).Split('\t')[1].Trim());

        await page.GotoAsync("/console/mine.html", Committed);
        await page.WaitForSelectorAsync("#my-cases tbody tr[data-case] a");
        await page.Locator("#my-cases tbody tr[data-case] a").First.ClickAsync();
        await page.WaitForSelectorAsync("#timeline li");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the case page should not scroll sideways on a narrow screen");
        await SaveScreenshotAsync(page, "case-narrow.png");

        // Case 1 is the first demo case, demo-assistant's: the API refuses it and the page says so.
        await page.GotoAsync("/console/case.html?id=1", Committed);
        await page.WaitForSelectorAsync("#page .error");
        Assert.Contains("无权", await page.InnerTextAsync("#page .error"));
    }

    [BrowserFact]
    public async Task An_assistant_enters_a_paper_application_in_the_form_and_lands_on_the_new_cases_page()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(BusyMachineTimeout);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);

        await page.GotoAsync("/console/", Committed);
        await page.ClickAsync("button[data-user='demo-assistant']");
        await page.ClickAsync("header.bar a[href='intake.html']");
        await page.WaitForSelectorAsync("#intake-form");
        Assert.Equal("录入帮办申请", await page.InnerTextAsync("main h1"));
        // An assistant is offered the rule or themselves, never another assistant.
        Assert.Equal(["", "demo-assistant"], await page.Locator("select[name=assistantId] option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));

        await FillApplicationAsync(page, "光谷浏览器录入测试园", "武汉浏览器录入科技有限公司", "91420100MA4K8LT3XP");
        await page.SelectOptionAsync("select[name=assistantId]", "demo-assistant");
        await SaveScreenshotAsync(page, "intake.png");
        await page.ClickAsync("#submit");

        await AtAsync(page, "case\\.html\\?id=\\d+$");
        await page.WaitForSelectorAsync("#timeline li");
        Assert.Contains("光谷浏览器录入测试园", await page.InnerTextAsync("main h1"));
        var timeline = await page.InnerTextAsync("#timeline");
        Assert.Contains("项目经办人孙七签署纸质申请表（2026-11-24），工作人员录入", timeline);
        Assert.Contains("（录入申请时指定）", timeline);
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task A_repeated_application_shows_the_open_case_and_opens_only_once_ticked_as_another_project()
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(BusyMachineTimeout);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/intake.html", Committed);
        await page.ClickAsync("button[data-user='demo-supervisor']");
        await AtAsync(page, "intake\\.html$");
        await page.WaitForSelectorAsync("#intake-form");
        // The main demo case's unit and project.
        await FillApplicationAsync(page, Main, "武汉光谷智造科技有限公司", "91420100MA4K8LT2XN");
        await page.ClickAsync("#submit");

        await page.WaitForSelectorAsync("#intake-message .error");
        var warning = await page.InnerTextAsync("#intake-message .error");
        Assert.Contains("该单位已有在办的帮办案件 BD2026-", warning);
        Assert.Contains($"（{Main}）", warning);
        Assert.True(await page.IsVisibleAsync("#not-duplicate"));
        await SaveScreenshotAsync(page, "intake-duplicate.png");
        Assert.Equal(3, await OpenCasesAsync(page));

        // Sent again without the tick: refused again, still nothing opened.
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#submit:not([disabled])");
        Assert.Contains("该单位已有在办的帮办案件", await page.InnerTextAsync("#intake-message .error"));
        Assert.Equal(3, await OpenCasesAsync(page));

        await page.CheckAsync("#not-duplicate input");
        await page.ClickAsync("#submit");
        await AtAsync(page, "case\\.html\\?id=\\d+$");
        await page.WaitForSelectorAsync("#timeline li");
        Assert.Contains("不是同一项目", await page.InnerTextAsync("#timeline"));
        Assert.Equal(4, await OpenCasesAsync(page));
    }

    private static async Task FillApplicationAsync(IPage page, string project, string unit, string creditCode)
    {
        await page.FillAsync("input[name=projectName]", project);
        await page.FillAsync("input[name=unitName]", unit);
        await page.FillAsync("input[name=creditCode]", creditCode);
        await page.SelectOptionAsync("select[name=projectType]", "social_filing");
        await page.FillAsync("input[name=park]", "光谷生物城");
        await page.FillAsync("input[name=contactName]", "孙七");
        await page.FillAsync("input[name=contactPhone]", "13912349999");
        await page.FillAsync("input[name=contactUserId]", "qiye-sunqi");
        await page.FillAsync("input[name=signedOn]", "2026-11-24");
        await page.FillAsync("input[name=signedBy]", "孙七");
    }

    /// <summary>The open cases as the signed-in member's API counts them.</summary>
    private static async Task<int> OpenCasesAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/admin/cases?status=open");
        return (await response.JsonAsync())!.Value.GetProperty("total").GetInt32();
    }

    private async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        Console.WriteLine($"Screenshot: {path}");
    }
}
