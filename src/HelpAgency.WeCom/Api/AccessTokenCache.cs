namespace HelpAgency.WeCom.Api;

/// <summary>
/// The access token shared by every caller: fetched once at a time, refreshed a little before it
/// expires, and dropped at once when WeCom rejects it. Failures are not cached.
/// </summary>
public sealed class AccessTokenCache(TimeProvider clock) : IDisposable
{
    /// <summary>The longest head start a refresh takes on the expiry WeCom announced.</summary>
    public static readonly TimeSpan MaxEarlyRefresh = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Entry? _current;

    /// <summary>The cached token while it is fresh, else whatever one call of <paramref name="fetch"/> gives.</summary>
    public async Task<AccessTokenFetch> GetAsync(Func<CancellationToken, Task<AccessTokenFetch>> fetch, CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return AccessTokenFetch.Cached(cached);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the lock before us may have refreshed already.
            if (Fresh() is { } refreshed)
            {
                return AccessTokenFetch.Cached(refreshed);
            }

            var fetched = await fetch(cancellationToken);
            if (fetched.Token is { } token && fetched.Lifetime > TimeSpan.Zero)
            {
                var early = TimeSpan.FromTicks(Math.Min(MaxEarlyRefresh.Ticks, fetched.Lifetime.Ticks / 10));
                Volatile.Write(ref _current, new Entry(token, clock.GetUtcNow() + fetched.Lifetime - early));
            }

            return fetched;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/>, unless another caller has already replaced it.</summary>
    public void Invalidate(string rejected)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Token == rejected)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    public void Dispose() => _refresh.Dispose();

    private string? Fresh()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && clock.GetUtcNow() < current.RefreshAt ? current.Token : null;
    }

    private sealed record Entry(string Token, DateTimeOffset RefreshAt);
}
