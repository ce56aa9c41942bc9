using System.Threading.RateLimiting;
using HelpAgency.Core.Conversation;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Limits;

/// <summary>
/// How many turns one user may start: a token bucket per user (a burst, then a steady rate) and a cap on turns waiting
/// behind the user's running one in this host. Both channels ask before a new message becomes a turn; a redelivered
/// WeCom callback never asks, since it must be answered.
/// </summary>
public sealed class TurnLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly UserTurnGate _gate;
    private readonly int _queued;

    public TurnLimits(IOptions<LimitOptions> options, UserTurnGate gate)
    {
        var limits = options.Value;
        _gate = gate;
        _queued = limits.QueuedTurnsPerUser;
        _perUser = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.TurnsPerUserPerMinute / 3),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limits.TurnsPerUserPerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="userId"/> may start one more turn now; takes a token when it may.</summary>
    public bool TryAdmit(string userId)
    {
        if (_gate.InFlight(userId) > _queued)
        {
            return false;
        }

        using var lease = _perUser.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _perUser.Dispose();
}
