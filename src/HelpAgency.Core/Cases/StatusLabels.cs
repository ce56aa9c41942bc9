using HelpAgency.Core.Content;

namespace HelpAgency.Core.Cases;

/// <summary>
/// What a case's and an item's statuses are called: the status.case.* and status.item.* templates of replies.yaml, by
/// stored name, the same words in chat, the console and the ledger export. The start fails when a status has none.
/// </summary>
public static class StatusLabels
{
    /// <summary>One template for every status there is.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
        [.. Enum.GetValues<CaseStatus>().Select(s => Key(s)), .. Enum.GetValues<ItemStatus>().Select(s => Key(s))];

    public static string Key(CaseStatus status) => "status.case." + status.ToStored();

    public static string Key(ItemStatus status) => "status.item." + status.ToStored();

    /// <summary>A case's status in words (已受理, 帮办中 …).</summary>
    public static string Label(this ReplyTemplates replies, CaseStatus status) => replies.Get(Key(status));

    /// <summary>An item's status in words (材料准备中, 需补正 …).</summary>
    public static string Label(this ReplyTemplates replies, ItemStatus status) => replies.Get(Key(status));
}
