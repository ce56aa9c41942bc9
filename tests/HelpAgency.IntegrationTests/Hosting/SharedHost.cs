namespace HelpAgency.IntegrationTests.Hosting;

/// <summary>
/// One host for every test of a class (<c>IClassFixture&lt;SharedHost&gt;</c>): building a host costs about a second of
/// the suite, far more than most tests' own work. Only for tests that keep to their own user ids and data, leave the
/// clock and the settings alone, and so pass in any order; a test that needs more builds a host of its own.
/// </summary>
public class SharedHost : IDisposable
{
    public SharedHost()
        : this(null)
    {
    }

    protected SharedHost(IDictionary<string, string?>? settings)
    {
        Factory = new HelpAgencyFactory(settings);
        Client = Factory.CreateClient();
    }

    public HelpAgencyFactory Factory { get; }

    /// <summary>A client of the host without cookies of its own state: share it, do not change its headers.</summary>
    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}
