using HelpAgency.Core.Users;

namespace HelpAgency.Core.Ledger;

/// <summary>The service ledger and the staff access log; both only grow.</summary>
public interface IServiceLedger
{
    Task<long> AppendAsync(AppUser actor, NewLedgerEntry entry, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends the entries of one change together, in their order; returns their ids in the same order.</summary>
    Task<IReadOnlyList<long>> AppendAsync(AppUser actor, IReadOnlyList<NewLedgerEntry> entries, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> OfCaseAsync(long caseId, CancellationToken cancellationToken);

    /// <summary>The entries of one action (complaint, handoff …) from <paramref name="from"/> until before <paramref name="to"/>, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> OfActionAsync(string action, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);

    /// <summary>Records that a staff member read case data (保密: every read is auditable).</summary>
    Task RecordAccessAsync(AppUser reader, long? caseId, string what, DateTimeOffset now, CancellationToken cancellationToken);
}
