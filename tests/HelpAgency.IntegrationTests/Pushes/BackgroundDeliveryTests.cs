using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Host.Startup;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class BackgroundDeliveryTests
{
    [Fact]
    public async Task The_background_dispatcher_delivers_a_push_without_anyone_asking()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Pushes:RunInBackground"] = "true" });
        using var client = factory.CreateClient();

        (await client.PostAsJsonAsync("/api/chat", new { user = DemoSeeder.ContactId, text = "转人工" })).EnsureSuccessStatusCode();

        var delivered = false;
        for (var i = 0; i < 100 && !delivered; i++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
            var inbox = await client.GetFromJsonAsync<JsonElement>($"/api/inbox/{DemoSeeder.AssistantId}");
            delivered = inbox.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("content").GetProperty("text").GetString()!.Contains("转人工", StringComparison.Ordinal));
        }

        Assert.True(delivered, "the hand-off never reached the assistant's inbox");
    }
}
