using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_reports_ok_with_the_engine_and_version_when_the_database_answers()
    {
        using var factory = new HelpAgencyFactory();
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.GetProperty("database").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_is_gone()
    {
        using var factory = new HelpAgencyFactory();
        var client = factory.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(factory.DatabaseFolder))
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(factory.DatabasePath); // a folder where the file was: SQLite cannot open it
        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }
}
