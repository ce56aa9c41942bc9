using HelpAgency.Host.Pushes;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>The demo service through WeCom: questions answered by passive reply, pushes sent through the API.</summary>
public sealed class DemoOverWeComTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;
    private WeComCallbackClient _callbacks = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        var settings = WeComCallbackClient.Settings(_wecom.BaseUrl);
        settings["Demo:Seed"] = "true";
        _factory = new HelpAgencyFactory(settings);
        _callbacks = new WeComCallbackClient(_factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task A_contact_asks_for_progress_in_WeCom_and_the_markdown_answer_arrives_through_the_API()
    {
        // A passive reply carries plain text only, so the progress table (markdown) goes out through message/send.
        var response = await _callbacks.PostAsync(WeComCallbackClient.Text("demo-contact", "查一下进度", "DEMO-1"));
        Assert.Null(await WeComCallbackClient.OpenReplyAsync(response));

        // The turn queued it in the outbox; the dispatcher sends it like any push.
        var dispatcher = _factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }

        var sent = Assert.Single(_wecom.Sent, m => m.GetProperty("touser").GetString() == "demo-contact");
        var content = sent.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.Contains("光谷智造园一期", content);
        Assert.Contains("已超期", content);
    }

    [Fact]
    public async Task A_plain_answer_comes_back_as_the_passive_reply()
    {
        var reply = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(WeComCallbackClient.Text("demo-contact", "我的帮办专员是谁", "DEMO-4")));

        Assert.Contains("陈帮办", reply!.Element("Content")!.Value);
    }

    [Fact]
    public async Task A_hand_off_in_WeCom_reaches_the_assistant_through_the_message_API()
    {
        await _callbacks.PostAsync(WeComCallbackClient.Text("demo-contact", "施工图审查超期了怎么办", "DEMO-2"));
        var reply = await WeComCallbackClient.OpenReplyAsync(await _callbacks.PostAsync(WeComCallbackClient.Text("demo-contact", "转人工", "DEMO-3")));
        Assert.Contains("陈帮办", reply!.Element("Content")!.Value);

        var dispatcher = _factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync() > 0)
        {
        }

        var toAssistant = _wecom.Sent.Where(m => m.GetProperty("touser").GetString() == "demo-assistant").ToList();
        Assert.Contains(toAssistant, m => m.GetProperty("msgtype").GetString() == "markdown"
            && m.GetProperty("markdown").GetProperty("content").GetString()!.Contains("施工图审查超期了怎么办", StringComparison.Ordinal));
        Assert.All(toAssistant, m => Assert.Equal(1, m.GetProperty("enable_duplicate_check").GetInt32()));
    }
}
