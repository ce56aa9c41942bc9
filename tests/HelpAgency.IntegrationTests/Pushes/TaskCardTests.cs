using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.WeComChannel;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class TaskCardTests
{
    [Fact]
    public async Task An_assistant_clicking_a_card_button_records_it_and_a_contact_cannot()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var client = factory.CreateClient();

        var byAssistant = await client.PostAsJsonAsync("/api/chat", new { user = DemoSeeder.AssistantId, @event = "template_card_event", key = "case:1:accept", taskId = "task-1" });
        var byContact = await client.PostAsJsonAsync("/api/chat", new { user = DemoSeeder.ContactId, @event = "template_card_event", key = "case:1:accept", taskId = "task-1" });

        Assert.Contains("已接单", await ReplyAsync(byAssistant));
        Assert.Contains("仅限帮办工作人员", await ReplyAsync(byContact));
        await using var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(default);
        var ledger = await work.Ledger.OfCaseAsync(1, default);
        Assert.Single(ledger, e => e.Action == "service_record" && e.Details.Contains("已接单", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Over_WeCom_a_card_goes_out_with_its_buttons_and_a_click_replaces_them_with_who_did_it()
    {
        await using var wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        using var factory = new HelpAgencyFactory(settings);
        var callbacks = new WeComCallbackClient(factory.CreateClient());
        var now = factory.Clock.GetUtcNow();
        await using (var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            await factory.Services.GetRequiredService<INotifier>().NotifyAsync(work, DemoSeeder.AssistantId,
                new Reply(ReplyTypes.Card, "项目：光谷智造园一期", "新案件 BD2026-000001", HelpAgency.Core.Cases.CaseCardButtons.ForNewCase(1, verb => verb)), now, default);
            await work.CommitAsync(default);
        }

        await DrainAsync(factory);
        var card = Assert.Single(wecom.Sent, m => m.GetProperty("msgtype").GetString() == "template_card");
        Assert.Equal(["case:1:accept", "case:1:contacted"],
            card.GetProperty("template_card").GetProperty("button_list").EnumerateArray().Select(b => b.GetProperty("key").GetString()));

        var taskId = card.GetProperty("template_card").GetProperty("task_id").GetString()!;
        var click = WeComCallbackClient.Event(DemoSeeder.AssistantId, "template_card_event", "case:1:accept",
            extra: $"<TaskId><![CDATA[{taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[rc-123]]></ResponseCode>");
        var reply = await WeComCallbackClient.OpenReplyAsync(await callbacks.PostAsync(click));
        Assert.Contains("已接单", reply!.Element("Content")!.Value);

        await DrainAsync(factory);
        var update = Assert.Single(wecom.Calls, c => c.Path == "/cgi-bin/message/update_template_card").Body!.Value;
        Assert.Equal("rc-123", update.GetProperty("response_code").GetString());
        Assert.Contains("已接单", update.GetProperty("button").GetProperty("replace_name").GetString());
    }

    private static async Task DrainAsync(HelpAgencyFactory factory)
    {
        var dispatcher = factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }
    }

    private static async Task<string> ReplyAsync(HttpResponseMessage response) =>
        string.Join("\n", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
}
