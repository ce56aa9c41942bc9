using System.Net;
using HelpAgency.IntegrationTests.Hosting;

namespace HelpAgency.IntegrationTests.LocalChannel;

public sealed class ChatPageTests
{
    [Theory]
    [InlineData("/", "text/html", "光谷全程帮办代办助手")]
    [InlineData("/app.js", "text/javascript", "api/inbox")]
    [InlineData("/app.css", "text/css", "#composer")]
    public async Task The_chat_page_and_its_assets_are_served(string path, string contentType, string marker)
    {
        using var factory = new HelpAgencyFactory();
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(marker, await response.Content.ReadAsStringAsync());
    }
}
