using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpAgency.Core.Content;
using HelpAgency.Host.Http;
using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.IntegrationTests.StaffSignIn;

namespace HelpAgency.IntegrationTests.Http;

/// <summary>
/// What the HTTP API, the sign-in pages and the ledger say is dialogs/console.yaml: every text the host names is
/// required at start, a missing one stops the start naming the file and the key, and an edited one is what people see.
/// </summary>
public sealed partial class ConsoleTextsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-console-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_text_the_host_names_is_required_and_shipped()
    {
        var named = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "HelpAgency.Host"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => TextKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var shipped = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ConsoleTexts.FileName));

        Assert.Contains("error.csrf", named);
        // A name ending in "." is a prefix the host completes ("role." + the stored role).
        Assert.DoesNotContain(named, k => k.EndsWith('.') ? !ConsoleTexts.Keys.Any(r => r.StartsWith(k, StringComparison.Ordinal)) : !ConsoleTexts.Keys.Contains(k));
        Assert.DoesNotContain(ConsoleTexts.Keys, k => !shipped.Contains(k));
        Assert.DoesNotContain(shipped.Keys, k => !ConsoleTexts.Keys.Contains(k));
    }

    [Theory]
    [InlineData("error.csrf")]
    [InlineData("signin.refused.title")]
    [InlineData("role.assistant")]
    [InlineData("ledger.action.plan_redated")]
    [InlineData("ledger.item_status.redated")]
    public void A_missing_text_stops_the_start_naming_the_file_and_the_key(string key)
    {
        var dialogs = Dialogs(yaml => Regex.Replace(yaml, $"^{Regex.Escape(key)}:.*\n", "", RegexOptions.Multiline));
        using var host = new HelpAgencyFactory(new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs }, SharedRecognition.Use);

        var error = Assert.IsType<ContentException>(Innermost(Record.Exception(() => host.CreateClient())));

        Assert.StartsWith($"{ConsoleTexts.FileName}:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_text_is_what_the_sign_in_page_and_the_API_say()
    {
        var dialogs = Dialogs(yaml => yaml
            .Replace("signin.local.title: 本地登录", "signin.local.title: 选择身份", StringComparison.Ordinal)
            .Replace("role.assistant: 帮办专员", "role.assistant: 帮办员", StringComparison.Ordinal)
            .Replace("error.sign_in_first: 请先登录工作台。", "error.sign_in_first: 请先登录。", StringComparison.Ordinal));
        using var host = new HelpAgencyFactory(new Dictionary<string, string?> { ["Dialogs:Path"] = dialogs, ["Demo:Seed"] = "true" }, SharedRecognition.Use);
        var client = StaffClient.Anonymous(host);

        var page = await client.GetStringAsync("/auth/local");
        var me = await client.GetAsync("/api/auth/me");

        Assert.Contains("<title>选择身份 · 帮办代办工作台</title>", page, StringComparison.Ordinal);
        Assert.Contains("帮办员 · demo-assistant", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("请先登录。", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    /// <summary>A copy of the repository's dialogs with console.yaml changed by <paramref name="edit"/>.</summary>
    private string Dialogs(Func<string, string> edit)
    {
        var dialogs = Path.Combine(_folder, "dialogs");
        Folders.Copy(RepositoryRoot.Dialogs, dialogs);
        var file = Path.Combine(dialogs, ConsoleTexts.FileName);
        var yaml = File.ReadAllText(file);
        var edited = edit(yaml);
        Assert.NotEqual(yaml, edited);
        File.WriteAllText(file, edited);
        return dialogs;
    }

    private static Exception? Innermost(Exception? error)
    {
        while (error is not (null or ContentException) && (error.InnerException ?? (error as AggregateException)?.InnerExceptions.FirstOrDefault()) is { } inner)
        {
            error = inner;
        }

        return error;
    }

    [GeneratedRegex("\"((?:error|signin|ledger|role)\\.[a-z_.]+)\"")]
    private static partial Regex TextKey();
}
