namespace HelpAgency.Storage.Cases;

/// <summary>
/// Status lists the case queries share, spelled once: the reminder index's condition (migration 0012) repeats
/// <see cref="StartedItems"/> word for word, and SQLite uses a partial index only when the query says the same.
/// </summary>
internal static class CaseSql
{
    /// <summary>Cases still being served.</summary>
    public const string OpenStatuses = "('accepted', 'in_progress')";

    /// <summary>Started items whose clock runs at a department, as the overdue reminders count them.</summary>
    public const string StartedItems = "('preparing', 'prechecked', 'submitted', 'accepted', 'correction_required')";
}
