using HelpAgency.Core.Conversation;

namespace HelpAgency.Core.Cases;

/// <summary>The buttons of the card that tells an assistant of a new case; a click comes back as a "case:&lt;id&gt;:&lt;verb&gt;" event.</summary>
public static class CaseCardButtons
{
    public const string Prefix = "case:";

    /// <summary>The buttons an assistant's new-case card carries.</summary>
    public static IReadOnlyList<ReplyButton> ForNewCase(long caseId) =>
    [
        new("接单", $"{Prefix}{caseId}:accept"),
        new("已联系", $"{Prefix}{caseId}:contacted"),
    ];
}
