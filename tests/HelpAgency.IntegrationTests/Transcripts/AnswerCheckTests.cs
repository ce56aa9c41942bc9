using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.IntegrationTests.Transcripts;

/// <summary>
/// The answer check: questions of tests/HelpAgency.Tests/Recognition/HeldOut/answers.yaml, written apart from the
/// content, each with the words a reply must contain to carry the fact asked for (a department, a threshold, a time
/// limit). Each is asked through the real host by a user of its own, after its follow-up's first message if it has one.
/// </summary>
public sealed class AnswerCheckTests(ITestOutputHelper output)
{
    /// <summary>What the bot reaches (74 of 82, 90.2%, 2026-12-06), as a floor a change must not fall below; the target is 85%.</summary>
    private const double Floor = 0.902; // 74 of 82

    [Fact]
    public async Task Replies_carry_the_facts_asked_for()
    {
        await using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        var client = factory.CreateClient();
        var checks = Load();
        var passed = 0;
        var misses = new List<string>();
        for (var i = 0; i < checks.Count; i++)
        {
            var (text, mustContain, after) = checks[i];
            var user = $"answer-check-{i.ToString(CultureInfo.InvariantCulture)}";
            if (after is not null)
            {
                await AskAsync(client, user, after);
            }

            var reply = await AskAsync(client, user, text);
            var missing = mustContain.Where(w => !reply.Contains(w, StringComparison.Ordinal)).ToList();
            if (missing.Count == 0)
            {
                passed++;
            }
            else
            {
                misses.Add($"  {text} — missing {string.Join("、", missing)}: {(reply.Length > 80 ? reply[..80] + "…" : reply).ReplaceLineEndings(" ")}");
            }
        }

        var rate = (double)passed / checks.Count;
        output.WriteLine($"answer check: {passed}/{checks.Count} = {rate.ToString("P1", CultureInfo.InvariantCulture)}");
        misses.ForEach(output.WriteLine);
        Assert.True(checks.Count >= 60);
        Assert.True(rate >= Floor - 0.0005, $"answer check {rate:P1} fell under {Floor:P0}");
    }

    private static async Task<string> AskAsync(HttpClient client, string user, string text)
    {
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("\n", body.GetProperty("replies").EnumerateArray().Select(r => (r.TryGetProperty("title", out var t) ? t.GetString() + "\n" : "") + r.GetProperty("text").GetString()));
    }

    private static List<(string Text, List<string> MustContain, string? After)> Load()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", "HeldOut", "answers.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root.Children[new YamlScalarNode("answers")]).Children.Cast<YamlMappingNode>().Select(m =>
        {
            string? Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            var words = ((YamlSequenceNode)m.Children[new YamlScalarNode("must_contain")]).Children.Select(w => ((YamlScalarNode)w).Value!).ToList();
            return (Get("text")!, words, Get("after"));
        })];
    }
}
