namespace HelpAgency.Core.Persistence;

/// <summary>Tells whether the database answers.</summary>
public interface IDatabaseHealth
{
    /// <summary>The engine's name as shown to operators: "sqlite" or "postgres".</summary>
    string Engine { get; }

    Task<bool> PingAsync(CancellationToken cancellationToken);
}
