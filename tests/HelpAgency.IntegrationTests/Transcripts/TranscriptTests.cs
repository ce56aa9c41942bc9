using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpAgency.IntegrationTests.Transcripts;

/// <summary>
/// Runs the conversations in Transcripts/*.chat through the real host (local channel, demo data, fake clock, 住建局's
/// contact in the catalog: <see cref="TestCatalog"/>).
/// A file holds conversations that start with "== title". Lines:
///   as: user-id            who speaks next (default demo-contact)
///   user: text             a message; the bot's replies to it are matched by the lines below it
///   bot: text              the next reply is exactly this
///   bot~: text             the next reply contains this
///   bot&: text             the reply matched last contains this too
///   bot&!: text            the reply matched last does not contain this
///   bot.                   the bot said nothing more
///   bot*: text             one of the replies to the last message (a long answer comes as several) contains this
///   bot*!: text            none of the replies to the last message contains this
///   bot!: text             the same as bot&!
///   push(user-id)~: text   a message pushed to that user since the conversation began contains this
///   nopush(user-id)~: text no message pushed to that user contains this (without ~: text, nothing at all)
///   clock: +2h | +3d       move the clock
/// A failing conversation is printed whole with the diverging line marked.
/// </summary>
public sealed class TranscriptTests(ITestOutputHelper output)
{
    public static TheoryData<string, int> Conversations()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Directory.GetFiles(Folder, "*.chat").Order(StringComparer.Ordinal))
        {
            var count = File.ReadLines(file).Count(l => l.StartsWith("== ", StringComparison.Ordinal));
            for (var i = 0; i < count; i++)
            {
                data.Add(Path.GetFileName(file), i);
            }
        }

        return data;
    }

    private static string Folder => Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.IntegrationTests", "Transcripts");

    [Fact]
    public void There_are_at_least_forty_conversations() => Assert.True(Conversations().Count() >= 40, $"only {Conversations().Count()} transcripts");

    [Fact]
    public void Every_message_in_a_transcript_is_followed_by_a_check_of_what_came_back()
    {
        var unchecked_ = new List<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.chat").Order(StringComparer.Ordinal))
        {
            string? pending = null;
            var number = 0;
            foreach (var raw in File.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                var isMessage = line.StartsWith("user:", StringComparison.Ordinal);
                if ((isMessage || line.StartsWith("== ", StringComparison.Ordinal)) && pending is not null)
                {
                    unchecked_.Add(pending);
                }

                if (isMessage)
                {
                    pending = $"{Path.GetFileName(file)}:{number}: {line}";
                }
                else if (line.StartsWith("bot", StringComparison.Ordinal) || line.StartsWith("push(", StringComparison.Ordinal) || line.StartsWith("nopush(", StringComparison.Ordinal) || line.StartsWith("== ", StringComparison.Ordinal))
                {
                    pending = null;
                }
            }

            if (pending is not null)
            {
                unchecked_.Add(pending);
            }
        }

        Assert.True(unchecked_.Count == 0, "messages whose replies nothing checks:\n" + string.Join("\n", unchecked_));
    }

    [Fact]
    public void Every_check_in_a_transcript_names_what_it_looks_for()
    {
        // "bot~:" with nothing after it passes on any reply, and "bot&:", "bot*:" or "push(...)~:" on anything at all.
        var empty = new List<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.chat").Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var raw in File.ReadLines(file))
            {
                number++;
                var line = raw.Trim();
                if ((line.StartsWith("bot", StringComparison.Ordinal) || line.StartsWith("push(", StringComparison.Ordinal) || line.StartsWith("nopush(", StringComparison.Ordinal))
                    && line.Contains(':', StringComparison.Ordinal) && Split(line).Text.Length == 0)
                {
                    empty.Add($"{Path.GetFileName(file)}:{number}: {line}");
                }
            }
        }

        Assert.True(empty.Count == 0, "checks of nothing:\n" + string.Join("\n", empty));
    }

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task Conversation(string file, int index)
    {
        var lines = Parse(Path.Combine(Folder, file), index);
        // The catalog as a deployment fills it: 住建局 has a contact (张工, housing-rep) to invite to meetings.
        using var factory = new HelpAgencyFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Catalog:Path"] = TestCatalog.WithDepartmentContacts });
        using var client = factory.CreateClient();
        var user = "demo-contact";
        var replies = new Queue<string>();
        var oversize = new List<string>();
        var all = new List<string>();
        string? last = null;
        var pushes = new Dictionary<string, List<string>>();
        var log = new StringBuilder();
        foreach (var (number, line) in lines)
        {
            log.AppendLine(line);
            try
            {
                await RunLineAsync(line);
            }
            catch (Exception ex)
            {
                output.WriteLine(log.ToString().TrimEnd() + "    <-- here");
                output.WriteLine($"{file}:{number}: {ex.Message}");
                throw new Xunit.Sdk.XunitException($"{file}:{number}: {line}\n{ex.Message}\n--- conversation so far ---\n{log}");
            }
        }

        async Task RunLineAsync(string line)
        {
            var (kind, rest) = Split(line);
            switch (kind)
            {
                case "as":
                    user = rest;
                    break;
                case "user":
                    var response = await client.PostAsJsonAsync("/api/chat", new { user, text = rest });
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.True(response.IsSuccessStatusCode, body.ToString());
                    replies.Clear();
                    all.Clear();
                    foreach (var reply in body.GetProperty("replies").EnumerateArray())
                    {
                        var text = reply.GetProperty("text").GetString() ?? "";
                        var content = (reply.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } t ? t + "\n" : "") + text;
                        if (!HelpAgency.WeCom.Api.MessageLimits.Fits(content))
                        {
                            oversize.Add($"{System.Text.Encoding.UTF8.GetByteCount(content)} bytes after “{rest}”");
                        }

                        replies.Enqueue(text);
                        all.Add(text);
                        log.AppendLine("    bot> " + text.Replace("\n", "\n         ", StringComparison.Ordinal));
                    }

                    break;
                case "bot":
                    Assert.True(replies.Count > 0, "the bot said nothing more");
                    Assert.Equal(rest, replies.Dequeue());
                    break;
                case "bot~":
                    Assert.True(replies.Count > 0, "the bot said nothing more");
                    last = replies.Dequeue();
                    Assert.True(last.Contains(rest, StringComparison.Ordinal), $"expected a reply containing “{rest}”, got “{last}”");
                    break;
                case "bot&":
                    Assert.True(last is not null, "no reply matched yet");
                    Assert.True(last.Contains(rest, StringComparison.Ordinal), $"expected the reply to contain “{rest}” too, got “{last}”");
                    break;
                case "bot*":
                    Assert.True(all.Any(r => r.Contains(rest, StringComparison.Ordinal)), $"no reply to the last message contains “{rest}”: {string.Join(" | ", all)}");
                    break;
                case "bot*!":
                    Assert.False(all.Any(r => r.Contains(rest, StringComparison.Ordinal)), $"a reply to the last message contains “{rest}”: {string.Join(" | ", all)}");
                    break;
                case "bot.":
                    Assert.True(replies.Count == 0, $"the bot said more: {string.Join(" | ", replies)}");
                    break;
                case "bot&!":
                case "bot!":
                    Assert.True(last is not null, "no reply matched yet");
                    Assert.False(last.Contains(rest, StringComparison.Ordinal), $"expected the reply not to contain “{rest}”, got “{last}”");
                    break;
                case var k when k.StartsWith("push(", StringComparison.Ordinal) || k.StartsWith("nopush(", StringComparison.Ordinal):
                    var target = k[(k.IndexOf('(') + 1)..k.IndexOf(')')];
                    var dispatcher = factory.Services.GetRequiredService<HelpAgency.Host.Pushes.OutboxDispatcher>();
                    while (await dispatcher.DispatchOnceAsync() > 0)
                    {
                    }

                    var inbox = await client.GetFromJsonAsync<JsonElement>($"/api/inbox/{target}");
                    var texts = inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetProperty("text").GetString() ?? "").ToList();
                    if (k.StartsWith("nopush", StringComparison.Ordinal))
                    {
                        var unwanted = texts.Where(t => rest.Length == 0 || t.Contains(rest, StringComparison.Ordinal)).ToList();
                        Assert.True(unwanted.Count == 0, $"{target} was sent: {string.Join(" | ", unwanted)}");
                    }
                    else
                    {
                        Assert.True(texts.Any(t => t.Contains(rest, StringComparison.Ordinal)), $"no push to {target} contains “{rest}”; pushed: {string.Join(" | ", texts)}");
                    }

                    break;
                case "clock":
                    var amount = int.Parse(rest[1..^1], System.Globalization.CultureInfo.InvariantCulture);
                    factory.Clock.Advance(rest[^1] == 'd' ? TimeSpan.FromDays(amount) : rest[^1] == 'h' ? TimeSpan.FromHours(amount) : TimeSpan.FromMinutes(amount));
                    break;
                default:
                    throw new InvalidOperationException($"unknown transcript line kind '{kind}'");
            }
        }

        // Every reply fits one WeCom message (2,048 bytes of content), as the channel would send it.
        Assert.True(oversize.Count == 0, $"{file}: replies longer than one WeCom message: {string.Join("; ", oversize)}");
    }

    private static (string Kind, string Text) Split(string line)
    {
        if (line == "bot." || line.StartsWith("nopush(", StringComparison.Ordinal) && !line.Contains("~:", StringComparison.Ordinal))
        {
            return (line.Trim(), "");
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return (line[..colon].Trim(), line[(colon + 1)..].Trim());
    }

    private static List<(int Number, string Line)> Parse(string path, int index)
    {
        var result = new List<(int, string)>();
        var current = -1;
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (raw.StartsWith("== ", StringComparison.Ordinal))
            {
                current++;
                continue;
            }

            var line = raw.Trim();
            if (current == index && line.Length > 0 && !line.StartsWith('#'))
            {
                result.Add((number, line));
            }
        }

        return result;
    }
}
