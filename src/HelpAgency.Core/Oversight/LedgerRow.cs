using HelpAgency.Core.Ledger;

namespace HelpAgency.Core.Oversight;

/// <summary>A ledger line with the names an export shows beside it.</summary>
public sealed record LedgerRow(LedgerEntry Entry, string? ReferenceNo, string? ProjectName, string? ActorName);
