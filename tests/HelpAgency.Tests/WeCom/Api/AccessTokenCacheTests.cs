using HelpAgency.WeCom.Api;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.Tests.WeCom.Api;

public sealed class AccessTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AccessTokenCache _cache;
    private int _fetches;

    public AccessTokenCacheTests() => _cache = new AccessTokenCache(_clock);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_short_lived_token_is_refreshed_a_tenth_of_its_life_early()
    {
        await GetAsync(TimeSpan.FromSeconds(100));
        _clock.Advance(TimeSpan.FromSeconds(89));
        await GetAsync(TimeSpan.FromSeconds(100));
        Assert.Equal(1, _fetches);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await GetAsync(TimeSpan.FromSeconds(100));
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Invalidating_a_token_already_replaced_keeps_the_new_one()
    {
        var first = (await GetAsync(TimeSpan.FromHours(2))).Token!;
        _cache.Invalidate(first);
        var second = (await GetAsync(TimeSpan.FromHours(2))).Token!;

        _cache.Invalidate(first); // a late caller that still held the old token
        var third = (await GetAsync(TimeSpan.FromHours(2))).Token!;

        Assert.NotEqual(first, second);
        Assert.Equal(second, third);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task A_refusal_is_not_cached()
    {
        var refused = await _cache.GetAsync(_ => Task.FromResult(new AccessTokenFetch(null, TimeSpan.Zero, new WeComResult { ErrCode = 40001 })), default);
        var fetched = await GetAsync(TimeSpan.FromHours(2));

        Assert.Equal(40001, refused.Failure!.ErrCode);
        Assert.NotNull(fetched.Token);
    }

    private Task<AccessTokenFetch> GetAsync(TimeSpan lifetime) =>
        _cache.GetAsync(_ => Task.FromResult(new AccessTokenFetch($"t{Interlocked.Increment(ref _fetches)}", lifetime, null)), default);
}
