using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>未解决问题: what the bot could not answer with confidence is kept and shown to supervisors, grouped and counted.</summary>
public sealed class MissedQuestionsTests
{
    [Fact]
    public async Task Out_of_scope_clarified_and_handed_off_messages_reach_the_supervisors_list_only()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var chat = factory.CreateClient();
        foreach (var (user, text) in new[] { ("visitor.a", "明天天气怎么样"), ("visitor.b", "明天天气怎么样"), ("visitor.a", "施工许可"), ("demo-contact", "墙上的二维码扫不出来"), ("demo-contact", "转人工") })
        {
            (await chat.PostAsJsonAsync("/api/chat", new { user, text })).EnsureSuccessStatusCode();
        }

        using var supervisor = await StaffClient.SignInAsync(factory, "demo-supervisor");
        var list = await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/missed");
        var questions = list.GetProperty("questions").EnumerateArray().ToDictionary(q => q.GetProperty("text").GetString()!, q => q);

        Assert.Equal(2, questions["明天天气怎么样"].GetProperty("count").GetInt32());
        Assert.Equal("out_of_scope", questions["明天天气怎么样"].GetProperty("outcome").GetString());
        Assert.Equal("clarify", questions["施工许可"].GetProperty("outcome").GetString());
        Assert.True(questions.ContainsKey("墙上的二维码扫不出来"));
        Assert.True(list.GetProperty("total").GetInt32() >= 4);

        using var assistant = await StaffClient.SignInAsync(factory, "demo-assistant");
        Assert.Equal(HttpStatusCode.Forbidden, (await assistant.GetAsync("/api/admin/missed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/api/admin/missed?days=0")).StatusCode);
    }
}
