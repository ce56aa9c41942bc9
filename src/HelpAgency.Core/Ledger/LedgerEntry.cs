namespace HelpAgency.Core.Ledger;

/// <summary>One line of the service ledger (服务记录台账): who did what to which case, when. Never changed.</summary>
public sealed record LedgerEntry(
    long Id,
    DateTimeOffset At,
    string ActorId,
    string ActorRole,
    long? CaseId,
    long? ProjectId,
    string? ItemCode,
    string Action,
    string Details);

/// <summary>A line to append; the database gives it its id.</summary>
public sealed record NewLedgerEntry(string Action, long? CaseId, long? ProjectId, string? ItemCode, string Details);
