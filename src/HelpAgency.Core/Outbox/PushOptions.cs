namespace HelpAgency.Core.Outbox;

/// <summary>Section "Pushes": how the dispatcher paces, retries and rests.</summary>
public sealed class PushOptions
{
    public const string Section = "Pushes";

    /// <summary>Routine pushes due in quiet hours wait for their end (Beijing time); urgent ones go at once.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    public TimeOnly QuietUntil { get; set; } = new(8, 0);

    /// <summary>After this many failed attempts a message is dead-lettered and the supervisors are told.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>WeCom allows about 30 messages a minute and 1,000 an hour to one member from one app.</summary>
    public int PerMemberPerMinute { get; set; } = 30;

    public int PerMemberPerHour { get; set; } = 1000;

    /// <summary>
    /// App-wide messages a minute. WeCom allows one corp 10,000 calls a minute and 150,000 an hour to one API;
    /// 2,500 a minute keeps a sustained stream inside both. A burst beyond it waits, it never fails.
    /// </summary>
    public int GlobalPerMinute { get; set; } = 2500;

    /// <summary>How many messages one claim takes; a batch holds at most one message per recipient.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How many of a batch's recipients are sent to at once (one recipient's messages always go one at a time).</summary>
    public int SendConcurrency { get; set; } = 16;

    /// <summary>How many batches the background dispatcher keeps in flight, so one slow send holds up only its own batch.</summary>
    public int ConcurrentBatches { get; set; } = 4;

    /// <summary>Run the dispatcher and the follow-up scheduler as background loops (tests drive them by hand).</summary>
    public bool RunInBackground { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim holds its messages; renewed every third of it while the batch is being sent, so only a dead
    /// dispatcher's lease runs out, and short, so that what a crashed host held goes out again within seconds of a restart.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// WeCom drops a message whose request is identical to one sent to the same member within its duplicate_check_interval
    /// (at most 4 hours). Every send asks for it, so a resend after a crash or a timeout is not a second copy; a send
    /// whose outcome is unknown is retried only inside it.
    /// </summary>
    public static readonly TimeSpan DuplicateCheckWindow = TimeSpan.FromHours(4);

    /// <summary>
    /// The duplicate_check_interval one outbox message asks for: the same on every attempt of that message, and different
    /// (by up to 15 minutes below <see cref="DuplicateCheckWindow"/>) between messages. WeCom compares the whole request,
    /// so two messages of the same text to one member (the same answer to a question asked twice) are not taken for
    /// copies of each other, while a resend of one message still is.
    /// </summary>
    public static TimeSpan DuplicateCheckIntervalFor(long messageId) => DuplicateCheckWindow - TimeSpan.FromSeconds(messageId % 900);

    /// <summary>How often the follow-up scheduler looks for overdue items, due actions and coming meetings.</summary>
    public TimeSpan FollowUpInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The weekday of the contacts' digest of their active cases (Beijing time).</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The time of day from which that day's digest goes out; the follow-up scan sends it once.</summary>
    public TimeOnly DigestTime { get; set; } = new(9, 0);

    /// <summary>Contacts get a periodic digest unless this is false.</summary>
    public bool DigestEnabled { get; set; } = true;

    /// <summary>How long before a coordination meeting its participants are reminded.</summary>
    public TimeSpan MeetingReminderLead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When a routine push made now may be sent: now, or the end of the quiet hours it falls in.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now)
    {
        var local = ChinaTime.Of(now);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = QuietFrom > QuietUntil ? time >= QuietFrom || time < QuietUntil : time >= QuietFrom && time < QuietUntil;
        if (!quiet)
        {
            return now;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        if (time >= QuietFrom && QuietFrom > QuietUntil)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.ToDateTime(QuietUntil), ChinaTime.Offset);
    }

    /// <summary>Exponential backoff: 5 s, 10 s, 20 s ... capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
