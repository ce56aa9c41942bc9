using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Limits;

/// <summary>
/// Counts refused WeCom callbacks per client address; once an address has spent its allowance, its requests that fail
/// verification get 429. Asked only after a request failed its checks: WeCom's egress addresses carry every member, so a
/// callback that verifies is taken whatever else came from its address, while a client that forges signatures is slowed.
/// </summary>
public sealed class CallbackRefusals : IDisposable
{
    private readonly PartitionedRateLimiter<string> _refusals;

    public CallbackRefusals(IOptions<LimitOptions> options)
    {
        var perMinute = options.Value.CallbackRefusalsPerClientPerMinute;
        _refusals = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }), StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="address"/> has used up its refusals for this window.</summary>
    public bool IsBlocked(string address) => _refusals.GetStatistics(address)?.CurrentAvailablePermits <= 0;

    /// <summary>Counts one refusal against <paramref name="address"/>.</summary>
    public void Count(string address)
    {
        using var _ = _refusals.AttemptAcquire(address);
    }

    public void Dispose() => _refusals.Dispose();
}
