using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.Nlu;

/// <summary>The parse API, which stores nothing a later parse reads: one host without data, one on the demo data.</summary>
public sealed class NluParseApiTests(SharedHost host, SharedDemoHost demo) : IClassFixture<SharedHost>, IClassFixture<SharedDemoHost>
{
    private readonly HttpClient _client = host.Client;

    [Fact]
    public async Task Parse_answers_in_Rasa_shape_with_intent_entities_and_ranking()
    {
        var response = await _client.PostAsJsonAsync("/api/nlu/parse", new { text = "施工许可证要什么材料", user = "zhang.san" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("施工许可证要什么材料", body.GetProperty("text").GetString());
        Assert.Equal("how_to_proceed", body.GetProperty("intent").GetProperty("name").GetString());
        var confidence = body.GetProperty("intent").GetProperty("confidence").GetDouble();
        Assert.InRange(confidence, 0.5, 1.0);

        var item = Assert.Single(body.GetProperty("entities").EnumerateArray());
        Assert.Equal("item", item.GetProperty("entity").GetString());
        Assert.Equal("SG04", item.GetProperty("value").GetString());
        Assert.StartsWith("建筑工程施工许可证核发", item.GetProperty("name").GetString());
        Assert.Equal(0, item.GetProperty("start").GetInt32());
        Assert.Equal(5, item.GetProperty("end").GetInt32());

        var ranking = body.GetProperty("intent_ranking").EnumerateArray().ToList();
        Assert.InRange(ranking.Count, 2, 10);
        Assert.Equal("how_to_proceed", ranking[0].GetProperty("name").GetString());
        Assert.True(ranking.Zip(ranking.Skip(1)).All(p => p.First.GetProperty("confidence").GetDouble() >= p.Second.GetProperty("confidence").GetDouble()));
    }

    [Theory]
    [InlineData("demo-contact-3", true)]     // the project's contact
    [InlineData("demo-assistant-2", true)]   // the assistant serving its case
    [InlineData("demo-supervisor", true)]    // sees every open case
    [InlineData("demo-assistant", false)]    // serves another case
    [InlineData("demo-contact", false)]      // contact of another project
    public async Task A_project_is_found_for_the_users_who_serve_it_or_are_its_contact(string user, bool found)
    {
        var response = await demo.Client.PostAsJsonAsync("/api/nlu/parse", new { text = "数字小镇配套厂房进度怎么样", user });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var projects = body.GetProperty("entities").EnumerateArray().Where(e => e.GetProperty("entity").GetString() == "project").Select(e => e.GetProperty("value").GetString());
        Assert.Equal(found ? ["东湖数字小镇配套厂房"] : [], projects);
    }

    [Fact]
    public async Task Entities_without_a_catalog_name_leave_name_out_and_dates_follow_the_host_clock()
    {
        // The test host's clock stands at Wednesday 2026-11-25 09:00 China time.
        var response = await _client.PostAsJsonAsync("/api/nlu/parse", new { text = "明天下午三点能来吗 电话13912345678" });

        var entities = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entities").EnumerateArray().ToList();
        var date = entities.Single(e => e.GetProperty("entity").GetString() == "datetime");
        Assert.Equal("2026-11-26T15:00:00+08:00", date.GetProperty("value").GetString());
        Assert.False(date.TryGetProperty("name", out _));
        Assert.Equal("13912345678", entities.Single(e => e.GetProperty("entity").GetString() == "phone").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Nonsense_falls_back_to_out_of_scope()
    {
        var response = await _client.PostAsJsonAsync("/api/nlu/parse", new { text = "qwpoeiruty" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("out_of_scope", body.GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal("fallback", body.GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData("{}", "text")]
    [InlineData("{\"text\":\"\"}", "text")]
    [InlineData("{\"text\":\"   \"}", "text")]
    [InlineData("{\"text\":12}", "text")]
    [InlineData("{\"text\":\"你好\",\"user\":\"-bad\"}", "用户 ID")]
    [InlineData("[\"你好\"]", "JSON 对象")]
    [InlineData("{\"text\":", "不是有效的 JSON")]
    [InlineData("", "不能为空")]
    public async Task Bad_parse_requests_get_400_with_a_json_error(string body, string expected)
    {
        var response = await _client.PostAsync("/api/nlu/parse", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Text_over_2000_characters_gets_400_and_2000_are_accepted()
    {
        var tooLong = await _client.PostAsJsonAsync("/api/nlu/parse", new { text = new string('办', 2001) });
        var longest = await _client.PostAsJsonAsync("/api/nlu/parse", new { text = new string('办', 2000) });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("2000", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }
}
