using System.Threading.RateLimiting;
using HelpAgency.Core.Conversation;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Limits;

/// <summary>
/// How many turns one user may start: a token bucket per user (a burst, then a steady rate) and a cap on turns waiting
/// behind the user's running one in this host. The local channel asks both before a message becomes a turn; a WeCom
/// callback asks the rate only once its delivery is claimed as new, so a redelivery is always answered from its record.
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
    public bool TryAdmit(string userId) => HasRoomInQueue(userId) && TryTakeTurn(userId);

    /// <summary>True when fewer than the allowed turns of <paramref name="userId"/> wait in this host.</summary>
    public bool HasRoomInQueue(string userId) => _gate.InFlight(userId) <= _queued;

    /// <summary>Takes one of <paramref name="userId"/>'s tokens; false when the user is over their rate.</summary>
    public bool TryTakeTurn(string userId)
    {
        using var lease = _perUser.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _perUser.Dispose();
}
