namespace HelpAgency.IntegrationTests.Storage;

/// <summary>A fact that runs only where the owner and host roles exist, skipped with the reason elsewhere (never in CI).</summary>
public sealed class PostgresRolesFactAttribute : FactAttribute
{
    public PostgresRolesFactAttribute()
    {
        if (PostgresRoles.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
