namespace HelpAgency.Storage.Cases;

/// <summary>
/// Status lists and conditions the case queries share, spelled once: the reminder index's condition (migration 0024)
/// repeats <see cref="PendingItems"/> word for word, and SQLite uses a partial index only when the query says the same.
/// </summary>
internal static class CaseSql
{
    /// <summary>Cases still being served.</summary>
    public const string OpenStatuses = "('accepted', 'in_progress')";

    /// <summary>Items still to be done, started or not: <c>ItemStatusRules.IsPending</c> in SQL.</summary>
    public const string PendingItems = "('not_started', 'preparing', 'prechecked', 'submitted', 'accepted', 'correction_required')";

    /// <summary><c>CaseItem.IsOverdueOn(@today)</c> in SQL, for a case item named <c>i</c>.</summary>
    public const string IsOverdue = $"i.status IN {PendingItems} AND i.planned_due < @today";
}
