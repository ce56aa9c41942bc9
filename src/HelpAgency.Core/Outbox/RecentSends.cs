namespace HelpAgency.Core.Outbox;

/// <summary>
/// What went to one member lately, for the per-member rate limit: counts in the last minute and hour, and the
/// oldest send of each window, whose ageing out is the earliest moment the window has room again.
/// </summary>
public sealed record RecentSends(int LastMinute, int LastHour, DateTimeOffset? OldestInMinute, DateTimeOffset? OldestInHour)
{
    public static readonly RecentSends None = new(0, 0, null, null);

    /// <summary>When the next message may go within the limits: now, or when the full window's oldest send ages out.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, int perMinute, int perHour)
    {
        var at = now;
        if (LastMinute >= perMinute && OldestInMinute is { } minute)
        {
            at = Max(at, minute.AddMinutes(1));
        }

        if (LastHour >= perHour && OldestInHour is { } hour)
        {
            at = Max(at, hour.AddHours(1));
        }

        return at;
    }

    /// <summary>The same windows with one more send at <paramref name="now"/>.</summary>
    public RecentSends With(DateTimeOffset now) => new(LastMinute + 1, LastHour + 1, OldestInMinute ?? now, OldestInHour ?? now);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
