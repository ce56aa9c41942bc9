using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.Core.Content;
using HelpAgency.Host.Learning;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>A supervisor teaches a missed question; the bot answers it at once, another host on the database after its next look, and no restart.</summary>
public sealed class LearningTests : IDisposable
{
    private const string Missed = "找个明白人全程带我们跑一下";

    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-learn-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_missed_question_taught_as_an_intent_example_is_recognised_at_once_and_on_another_host()
    {
        await using var first = Host();
        await using var second = Host();
        _ = second.Server; // running before the lesson: it learns it at its next look, which its fake clock leaves to the test
        var chat = first.CreateClient();
        Assert.NotEqual("apply_service accept", await IntentAsync(chat, Missed));

        using var supervisor = await StaffClient.SignInAsync(first, "demo-supervisor");
        var taught = await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = Missed, intent = "apply_service" });
        Assert.Equal(HttpStatusCode.OK, taught.StatusCode);

        Assert.Equal("apply_service accept", await IntentAsync(chat, Missed));
        Assert.NotEqual("apply_service accept", await IntentAsync(second.CreateClient(), Missed));
        Assert.True(await second.Services.GetRequiredService<LearnedContent>().RefreshAsync(default));
        Assert.Equal("apply_service accept", await IntentAsync(second.CreateClient(), Missed));

        var export = await supervisor.GetStringAsync("/api/admin/missed/learned");
        Assert.Contains("apply_service:", export);
        Assert.Contains(Missed, export);
    }

    [Fact]
    public async Task A_missed_question_taught_as_a_knowledge_paraphrase_is_answered_from_the_entry()
    {
        await using var host = Host();
        const string question = "证拿到手了工地一直动不了怎么弄";
        using var supervisor = await StaffClient.SignInAsync(host, "demo-supervisor");
        (await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = question, entry = "permit_extension" })).EnsureSuccessStatusCode();

        var reply = await host.CreateClient().PostAsJsonAsync("/api/chat", new { user = "learner", text = question });
        var text = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies")[0].GetProperty("text").GetString();
        Assert.Contains("延期", text);
        Assert.Contains("依据：", text);
    }

    [Fact]
    public async Task The_merge_command_writes_what_was_taught_into_the_dialogs_yaml_and_the_next_host_knows_it_from_there()
    {
        var dialogs = Path.Combine(_folder, "dialogs");
        Folders.Copy(RepositoryRoot.Dialogs, dialogs);
        var content = new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs };
        await using (var host = Host(content))
        {
            using var supervisor = await StaffClient.SignInAsync(host, "demo-supervisor");
            (await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = Missed, intent = "apply_service" })).EnsureSuccessStatusCode();
            var output = new StringWriter();

            Assert.Equal(0, await MergeLearnedCommand.RunAsync(host.Services, output));
            Assert.Contains("1 learned, 1 added", output.ToString(), StringComparison.Ordinal);
            Assert.Contains(Missed, await File.ReadAllTextAsync(Path.Combine(dialogs, "intents", "apply_service.yaml")));

            // Run twice, it adds nothing more.
            Assert.Equal(0, await MergeLearnedCommand.RunAsync(host.Services, output));
            Assert.Contains("1 learned, 0 added, 1 already in dialogs/", output.ToString(), StringComparison.Ordinal);
        }

        // A host on a fresh database, with the merged dialogs/ and no lessons, recognises the question from the YAML.
        await using var fresh = new HelpAgencyFactory(new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs, ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "fresh.db")}" });
        Assert.Equal("apply_service accept", await IntentAsync(fresh.CreateClient(), Missed));
    }

    [Fact]
    public async Task Only_a_supervisor_teaches_and_only_known_targets()
    {
        await using var host = Host();
        using var assistant = await StaffClient.SignInAsync(host, "demo-assistant");
        using var supervisor = await StaffClient.SignInAsync(host, "demo-supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await assistant.PostAsJsonAsync("/api/admin/missed/learn", new { text = Missed, intent = "apply_service" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = Missed, intent = "no_such_intent" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = Missed, entry = "no_such_entry" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync("/api/admin/missed/learn", new { text = "", intent = "apply_service" })).StatusCode);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "learn.db")}");
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM learned_phrasings"));
    }

    private HelpAgencyFactory Host(Dictionary<string, string?>? more = null) => new(new Dictionary<string, string?>(more ?? [])
    {
        ["Demo:Seed"] = "true",
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "learn.db")}",
    });

    /// <summary>The intent and the decision, e.g. "apply_service accept".</summary>
    private static async Task<string> IntentAsync(HttpClient client, string text)
    {
        var parse = await (await client.PostAsJsonAsync("/api/nlu/parse", new { text })).Content.ReadFromJsonAsync<JsonElement>();
        return $"{parse.GetProperty("intent").GetProperty("name").GetString()} {parse.GetProperty("decision").GetString()}";
    }
}
