namespace HelpAgency.Core.Recognition;

/// <summary>
/// A message the bot could not answer with confidence, kept for the supervisors who can teach it: what was asked, by
/// which role, when, and what the bot did (out_of_scope, clarify, handoff, unsure). Never shown to other users.
/// </summary>
public sealed record MissedQuestion(long Id, string UserId, string Role, string Text, string Outcome, string? Intent, double Confidence, DateTimeOffset At);

/// <summary>Missed questions grouped by their text: how often, the last time, and one example of who asked (by role).</summary>
public sealed record MissedQuestionGroup(string Text, string Outcome, int Count, DateTimeOffset LastAt, string Role);

/// <summary>What the bot did with a message it did not answer with confidence.</summary>
public static class MissedOutcomes
{
    public const string OutOfScope = "out_of_scope";
    public const string Clarify = "clarify";
    public const string Handoff = "handoff";

    /// <summary>Acted on as an intent the recognizer was not sure enough to accept (a no-case user's 查进度-or-X, a card chosen by its words).</summary>
    public const string Unsure = "unsure";
}

/// <summary>The store of missed questions, written in the turn's unit of work.</summary>
public interface IMissedQuestionLog
{
    Task AppendAsync(MissedQuestion question, CancellationToken cancellationToken);

    /// <summary>Deletes the missed questions asked before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>The groups since <paramref name="since"/>, most asked first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<MissedQuestionGroup>> GroupsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Stores what a supervisor taught; returns its id, which orders what every host has learned.</summary>
    Task<long> LearnAsync(LearnedPhrasing phrasing, CancellationToken cancellationToken);

    /// <summary>Everything taught so far, oldest first.</summary>
    Task<IReadOnlyList<LearnedPhrasing>> LearnedAsync(CancellationToken cancellationToken);

    /// <summary>The id of the last thing taught (0 for none): a host that has learned up to it is current.</summary>
    Task<long> LastLearnedAsync(CancellationToken cancellationToken);
}
