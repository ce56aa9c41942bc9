using HelpAgency.IntegrationTests.Storage;
using Microsoft.Playwright;

namespace HelpAgency.IntegrationTests.Browser;

/// <summary>
/// The distribution's Chromium driven by Playwright (its own browser download does not work here).
/// Locally a missing /usr/bin/chromium skips the browser tests with the reason; in CI (CI=true) they run and fail.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static string? SkipReason =>
        File.Exists(ExecutablePath) || TestDatabase.IsCi ? null : $"Browser tests need the distribution's chromium at {ExecutablePath} (apt-get install -y chromium; bash .ci/run installs it)";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}

/// <summary>A fact that needs Chromium: skipped with the reason where it is missing, never in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
