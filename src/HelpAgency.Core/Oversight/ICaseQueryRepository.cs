namespace HelpAgency.Core.Oversight;

/// <summary>
/// The read side of the staff console: lists and aggregates over many cases, read in a unit of work begun with
/// <see cref="Persistence.IUnitOfWorkFactory.BeginReadAsync"/>: one snapshot, so a long read never holds the SQLite writer.
/// A scope of an assistant id limits every answer to the cases assigned to that assistant.
/// </summary>
public interface ICaseQueryRepository
{
    Task<Page<CaseSummary>> CasesAsync(CaseQuery query, PageRequest page, CancellationToken cancellationToken);

    Task<Page<ProjectSummary>> ProjectsAsync(string? scopeAssistantId, PageRequest page, CancellationToken cancellationToken);

    Task<OverviewData> OverviewAsync(string? scopeAssistantId, DateOnly today, int overdueLimit, CancellationToken cancellationToken);

    /// <summary>Ledger lines of cases in scope written in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerRow>> LedgerAsync(string? scopeAssistantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);

    /// <summary>How many outbox messages are in each status.</summary>
    Task<IReadOnlyDictionary<string, int>> OutboxCountsAsync(CancellationToken cancellationToken);
}
