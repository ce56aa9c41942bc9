namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>
/// How the fake WeCom server answers one call of message/send: after <see cref="Delay"/> (infinite: it hangs until
/// the caller gives up) or <see cref="Release"/>, an HTTP status other than 200, else an errcode, else success
/// with some users refused.
/// </summary>
public sealed record SendFault(int HttpStatus = 200, int ErrCode = 0, TimeSpan Delay = default, string? InvalidUser = null, Task? Release = null, bool ArrivesFirst = false)
{
    /// <summary>The message arrives, but the answer never comes: the caller times out not knowing (a slow WeCom).</summary>
    public static SendFault ArrivesButNoAnswer { get; } = new(ArrivesFirst: true);

    /// <summary>The message arrives at once and the answer follows after <paramref name="delay"/>: a caller that dies meanwhile never learns it went.</summary>
    public static SendFault ArrivesThenAnswers(TimeSpan delay) => new(Delay: delay, ArrivesFirst: true);

    public static SendFault Http(int status) => new(HttpStatus: status);

    public static SendFault Code(int errcode) => new(ErrCode: errcode);

    /// <summary>Answers normally, but only after <paramref name="delay"/>; a caller that gave up meanwhile gets nothing delivered.</summary>
    public static SendFault Slow(TimeSpan delay) => new(Delay: delay);

    public static SendFault Hang { get; } = Slow(Timeout.InfiniteTimeSpan);

    /// <summary>Answers normally once <paramref name="release"/> completes (a slow WeCom the test lets go of).</summary>
    public static SendFault Until(Task release) => new(Release: release);

    /// <summary>errcode 0, yet the member is refused (left the company, outside the app's visible range).</summary>
    public static SendFault Refuses(string user) => new(InvalidUser: user);

    /// <summary>True when the call ends in a success that delivers the message.</summary>
    public bool Delivers => HttpStatus == 200 && ErrCode == 0 && InvalidUser is null;
}
