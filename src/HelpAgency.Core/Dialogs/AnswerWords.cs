namespace HelpAgency.Core.Dialogs;

/// <summary>
/// The words that answer a form's question (bot.yaml, dialogs.words), as the validators compare them: the whole answer
/// after trimming its end punctuation, Latin letters lower-cased.
/// </summary>
public sealed record AnswerWords(
    IReadOnlySet<string> Yes,
    IReadOnlySet<string> No,
    IReadOnlySet<string> Nothing,
    IReadOnlySet<string> DoNotKnow,
    IReadOnlySet<string> Change,
    IReadOnlySet<string> Agree,
    IReadOnlySet<string> Disagree,
    IReadOnlySet<string> All,
    IReadOnlySet<string> NoneOfThem)
{
    /// <summary>The entries of dialogs.words, each a list of at least one word.</summary>
    public static readonly IReadOnlyList<string> Keys = ["yes", "no", "nothing", "do_not_know", "change", "agree", "disagree", "all", "none_of_them"];

    /// <summary>Pairs that must not share a word, or one answer would mean both.</summary>
    public static readonly IReadOnlyList<(string First, string Second)> Opposites = [("yes", "no"), ("agree", "disagree"), ("all", "none_of_them")];
}
