using HelpAgency.IntegrationTests.Hosting;
using HelpAgency.WeCom.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>The host's own WeComApiClient, as wired by the channel, against the fake WeCom server over real HTTP.</summary>
public sealed class ApiClientOverHttpTests : IAsyncLifetime
{
    private FakeWeComServer _wecom = null!;
    private HelpAgencyFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _wecom = await FakeWeComServer.StartAsync();
        _factory = new HelpAgencyFactory(WeComCallbackClient.Settings(_wecom.BaseUrl));
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_concurrent_sends_with_an_expired_token_make_exactly_one_gettoken()
    {
        await SendAsync();
        _factory.Clock.Advance(TimeSpan.FromHours(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SendAsync()));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(2, _wecom.Count("/cgi-bin/gettoken"));
        Assert.Equal(51, _wecom.Sent.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(-1)]
    [InlineData(45009)]
    [InlineData(45033)]
    public async Task Each_transient_fault_recovers_after_retries(int fault)
    {
        _wecom.SendFaults.Enqueue(fault);
        _wecom.SendFaults.Enqueue(fault);

        var result = await SendAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(3, _wecom.Sent.Count);
    }

    [Theory]
    [InlineData(48002)]
    [InlineData(60011)]
    [InlineData(60020)]
    [InlineData(81013)]
    [InlineData(86008)]
    public async Task Each_permanent_fault_is_not_retried_and_comes_back_typed(int fault)
    {
        _wecom.SendFaults.Enqueue(fault);

        var result = await SendAsync();

        Assert.Equal(fault, result.ErrCode);
        Assert.Single(_wecom.Sent);
    }

    private Task<MessageSendResult> SendAsync() =>
        _factory.Services.GetRequiredService<WeComApiClient>().SendMessageAsync(AppMessage.ToUsers(MessageContent.Text("进度更新"), "zhang.san"), default);
}
