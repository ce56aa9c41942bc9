using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Persistence;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Cases;

/// <summary>委托受理 in chat: the case opens only once the enterprise agrees to the 委托 terms, and the ledger keeps that agreement.</summary>
public sealed class AgreementLedgerTests
{
    private static readonly string[] Application =
    [
        "申请帮办", "光谷台账测试园", "武汉台账测试有限公司", "91420100MA4K8LT2XN", "吴一", "13912344444", "3", "光谷生物城",
        "800万", "3000平方米", "12米", "厂房", "否", "是",
    ];

    [Fact]
    public async Task Agreeing_opens_the_case_with_the_agreement_its_wording_and_time_in_the_ledger()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var client = factory.CreateClient();
        const string user = "newcomer-ledger";
        foreach (var text in Application)
        {
            await SayAsync(client, user, text);
        }

        Assert.Equal(0, await OpenedByAsync(factory, user));
        factory.Clock.Advance(TimeSpan.FromMinutes(7));
        var agreedAt = factory.Clock.GetUtcNow();
        Assert.Contains("申请已受理", await SayAsync(client, user, "同意"), StringComparison.Ordinal);

        var caseId = await factory.ScalarAsync($"SELECT case_id FROM service_ledger WHERE action = 'case_opened' AND actor_id = '{user}'");
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        var ledger = await work.Ledger.OfCaseAsync(caseId, default);
        var opened = Assert.Single(ledger, e => e.Action == "case_opened");
        var agreement = Assert.Single(ledger, e => e.Action == "agreement_confirmed");
        Assert.Equal(user, agreement.ActorId);
        Assert.Equal(opened.At, agreement.At);
        using var details = JsonDocument.Parse(agreement.Details);
        var confirmedAt = details.RootElement.GetProperty("confirmed_at").GetDateTimeOffset();
        Assert.Equal(agreedAt, confirmedAt);
        Assert.Equal(TimeSpan.FromHours(8), confirmedAt.Offset);
        var terms = details.RootElement.GetProperty("terms").GetString();
        Assert.Contains("免费", terms, StringComparison.Ordinal);
        Assert.Contains("真实提供报批材料", terms, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_agreeing_opens_no_case_and_writes_nothing_to_the_ledger()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var client = factory.CreateClient();
        const string user = "newcomer-disagrees";
        foreach (var text in Application)
        {
            await SayAsync(client, user, text);
        }

        var entries = await factory.ScalarAsync("SELECT COUNT(*) FROM service_ledger");

        Assert.Contains("申请未提交", await SayAsync(client, user, "不同意"), StringComparison.Ordinal);
        Assert.Equal(0, await OpenedByAsync(factory, user));
        Assert.Equal(entries, await factory.ScalarAsync("SELECT COUNT(*) FROM service_ledger"));
    }

    [Fact]
    public async Task A_name_corrected_at_the_summary_to_an_open_project_is_asked_about_and_the_case_still_opens_once()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var client = factory.CreateClient();
        const string user = "newcomer-recheck";
        foreach (var text in Application[..^1])
        {
            await SayAsync(client, user, text);
        }

        await SayAsync(client, user, "项目名称不对");
        Assert.Contains("同一个项目吗", await SayAsync(client, user, "光谷智造园"), StringComparison.Ordinal);
        Assert.Contains("请核对申请信息", await SayAsync(client, user, "否"), StringComparison.Ordinal);
        Assert.Contains("委托的主要条款", await SayAsync(client, user, "是"), StringComparison.Ordinal);
        Assert.Contains("申请已受理", await SayAsync(client, user, "同意"), StringComparison.Ordinal);

        Assert.Equal(2, await OpenedByAsync(factory, user));
        Assert.Equal(1, await factory.ScalarAsync($"SELECT COUNT(*) FROM service_ledger WHERE action = 'case_opened' AND actor_id = '{user}' AND details LIKE '%光谷智造园%'"));
    }

    private static Task<long> OpenedByAsync(HelpAgencyFactory factory, string user) =>
        factory.ScalarAsync($"SELECT COUNT(*) FROM service_ledger WHERE action IN ('case_opened', 'agreement_confirmed') AND actor_id = '{user}'");

    private static async Task<string> SayAsync(HttpClient client, string user, string text)
    {
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("\n", body.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }
}
