using HelpAgency.Core.Conversation;

namespace HelpAgency.Core.Cases;

/// <summary>The buttons of the card that tells an assistant of a new case; a click comes back as a "case:&lt;id&gt;:&lt;verb&gt;" event.</summary>
public static class CaseCardButtons
{
    public const string Prefix = "case:";

    /// <summary>What the buttons do, as the click's verb: 接单 and 已联系 (their labels are the card.{verb}.button templates).</summary>
    public static readonly IReadOnlyList<string> Verbs = ["accept", "contacted"];

    /// <summary>The buttons an assistant's new-case card carries, each labelled by <paramref name="label"/> of its verb.</summary>
    public static IReadOnlyList<ReplyButton> ForNewCase(long caseId, Func<string, string> label) =>
        Verbs.Select(verb => new ReplyButton(label(verb), $"{Prefix}{caseId}:{verb}")).ToList();
}
