using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Pushes;

public sealed class OutboxAdminApiTests
{
    private const string Key = "test-admin-key-0123456789";

    [Fact]
    public async Task Without_the_key_the_outbox_is_closed()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        using var client = factory.CreateClient();

        var none = await client.GetAsync("/api/admin/outbox");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        var wrong = await client.GetAsync("/api/admin/outbox");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Dead_letters_are_listed_with_their_error_and_can_be_retried_once()
    {
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Admin:ApiKey"] = Key });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var now = factory.Clock.GetUtcNow();
        long id;
        await using (var work = await factory.Services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
        {
            await work.Outbox.EnqueueAsync(new OutboxMessage(0, "k", "zhangsan", "text", "{\"text\":\"你好\"}", false, OutboxStatus.Pending, 0, now, now.AddHours(1)), default);
            id = (await work.Outbox.ListAsync(null, 1, default))[0].Id;
            Assert.Single(await work.Outbox.ClaimAsync(now.AddHours(2), now.AddHours(3), 10, default));
            await work.Outbox.MarkFailedAsync(id, "errcode 81013: user not found", now, dead: true, maybeDelivered: false, default);
            await work.CommitAsync(default);
        }

        var dead = await client.GetFromJsonAsync<JsonElement>("/api/admin/outbox?status=dead");
        var message = Assert.Single(dead.GetProperty("messages").EnumerateArray());
        Assert.Equal("errcode 81013: user not found", message.GetProperty("lastError").GetString());
        Assert.Equal("你好", message.GetProperty("content").GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/admin/outbox/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/admin/outbox/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/admin/outbox/999/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/admin/outbox?status=lost")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/admin/outbox?status=dead")).GetProperty("messages").EnumerateArray());
    }
}
