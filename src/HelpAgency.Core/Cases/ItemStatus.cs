namespace HelpAgency.Core.Cases;

/// <summary>Where one approval item of a case stands.</summary>
public enum ItemStatus
{
    /// <summary>未开始</summary>
    NotStarted,

    /// <summary>材料准备中</summary>
    Preparing,

    /// <summary>材料已预审</summary>
    Prechecked,

    /// <summary>已提交（窗口或网上）</summary>
    Submitted,

    /// <summary>已受理</summary>
    Accepted,

    /// <summary>需补正</summary>
    CorrectionRequired,

    /// <summary>已办结, with a certificate number</summary>
    Approved,

    /// <summary>不予受理或不予许可</summary>
    Rejected,

    /// <summary>不适用</summary>
    NotApplicable,
}

/// <summary>The rules of item progress: which moves are allowed, which items are open or pending.</summary>
public static class ItemStatusRules
{
    private static readonly Dictionary<ItemStatus, ItemStatus[]> Allowed = new()
    {
        [ItemStatus.NotStarted] = [ItemStatus.Preparing, ItemStatus.Prechecked, ItemStatus.Submitted, ItemStatus.NotApplicable],
        [ItemStatus.Preparing] = [ItemStatus.Prechecked, ItemStatus.Submitted, ItemStatus.NotApplicable],
        [ItemStatus.Prechecked] = [ItemStatus.Preparing, ItemStatus.Submitted, ItemStatus.NotApplicable],
        [ItemStatus.Submitted] = [ItemStatus.Accepted, ItemStatus.CorrectionRequired, ItemStatus.Rejected],
        [ItemStatus.Accepted] = [ItemStatus.CorrectionRequired, ItemStatus.Approved, ItemStatus.Rejected],
        [ItemStatus.CorrectionRequired] = [ItemStatus.Preparing, ItemStatus.Submitted, ItemStatus.Rejected],
        [ItemStatus.Rejected] = [ItemStatus.Preparing],
        [ItemStatus.NotApplicable] = [ItemStatus.NotStarted],
        [ItemStatus.Approved] = [],
    };

    public static bool CanMove(ItemStatus from, ItemStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<ItemStatus> NextOf(ItemStatus from) => Allowed[from];

    /// <summary>Open items keep a case from being archived; only approved and not-applicable items are done.</summary>
    public static bool IsOpen(this ItemStatus status) => status is not (ItemStatus.Approved or ItemStatus.NotApplicable);

    /// <summary>Items still to be done, started or not, and not decided against (不予受理): they can be late (<see cref="CaseItem.IsOverdueOn"/>).</summary>
    public static bool IsPending(this ItemStatus status) =>
        status is ItemStatus.NotStarted or ItemStatus.Preparing or ItemStatus.Prechecked or ItemStatus.Submitted
            or ItemStatus.Accepted or ItemStatus.CorrectionRequired;
}
