namespace HelpAgency.IntegrationTests.Hosting;

/// <summary>A <see cref="SharedHost"/> on the demo data, for tests that read it and change none of it.</summary>
public sealed class SharedDemoHost() : SharedHost(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
