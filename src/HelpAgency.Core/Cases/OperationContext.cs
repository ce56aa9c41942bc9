using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Cases;

/// <summary>Who is acting, inside which transaction, at what time.</summary>
public sealed record OperationContext(IUnitOfWork Work, AppUser Actor, DateTimeOffset Now)
{
    /// <summary>Recording history (the demo seed, an import): the change and its ledger entry are kept, nobody is told.</summary>
    public bool Silent { get; init; }

    /// <summary>Where the operation notes the pushes to others that quiet hours hold, so the actor's reply can say when they go out.</summary>
    public HeldPushes? Held { get; init; }
}
