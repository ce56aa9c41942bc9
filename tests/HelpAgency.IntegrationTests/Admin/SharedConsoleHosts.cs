using System.Collections.Concurrent;

namespace HelpAgency.IntegrationTests.Admin;

/// <summary>
/// One <see cref="ConsoleHost"/> per engine for every test of a class (<c>IClassFixture&lt;SharedConsoleHosts&gt;</c>),
/// started when a test first asks for that engine: for tests that read the demo data and change none of it.
/// </summary>
public sealed class SharedConsoleHosts : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConsoleHost>>> _hosts = new(StringComparer.Ordinal);

    /// <summary>The host on <paramref name="engine"/> ("sqlite" or "postgres"); the fixture disposes it.</summary>
    public Task<ConsoleHost> OnAsync(string engine = "sqlite") =>
        _hosts.GetOrAdd(engine, e => new Lazy<Task<ConsoleHost>>(() => ConsoleHost.StartAsync(e))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values.Where(h => h.IsValueCreated))
        {
            try
            {
                await (await host.Value).DisposeAsync();
            }
            catch (Exception) when (!host.Value.IsCompletedSuccessfully)
            {
                // A host that failed to start failed its test already; there is nothing to dispose.
            }
        }
    }
}
