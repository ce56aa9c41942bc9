namespace HelpAgency.IntegrationTests.Browser;

/// <summary>
/// The browser tests run alone, after the parallel ones: Chromium, the host and the rest of the suite together
/// on two cores once left a sign-in redirect unfinished for two minutes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
