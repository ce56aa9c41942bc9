using HelpAgency.Core.Ledger;

namespace HelpAgency.Storage.Ledger;

/// <summary>A service_ledger row as Dapper reads it; readers that join more columns extend it.</summary>
internal class LedgerEntryRow
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    public string ActorId { get; init; } = "";

    public string ActorRole { get; init; } = "";

    public long? CaseId { get; init; }

    public long? ProjectId { get; init; }

    public string? ItemCode { get; init; }

    public string Action { get; init; } = "";

    public string Details { get; init; } = "";

    public LedgerEntry ToEntry() => new(Id, At, ActorId, ActorRole, CaseId, ProjectId, ItemCode, Action, Details);
}
