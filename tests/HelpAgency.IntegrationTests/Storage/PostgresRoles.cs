namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// The two PostgreSQL roles of a deployment that .ci/run creates: the owner, which migrations run as, and the host's
/// role, which gets only what they grant it. Neither is a superuser.
/// </summary>
public static class PostgresRoles
{
    public const string OwnerVariable = "HELPAGENCY_TEST_POSTGRES_OWNER";
    public const string AppVariable = "HELPAGENCY_TEST_POSTGRES_APP";

    public static string? Owner => Read(OwnerVariable);

    public static string? App => Read(AppVariable);

    /// <summary>Why the role tests do not run here, or null when they do (always in CI, which must provide all three).</summary>
    public static string? SkipReason =>
        (Owner is not null && App is not null && TestDatabase.PostgresConnectionString is not null) || TestDatabase.IsCi
            ? null
            : $"PostgreSQL role tests need {TestDatabase.PostgresVariable}, {OwnerVariable} and {AppVariable} (bash .ci/run sets them up)";

    /// <summary>Both connection strings, or the reason CI failed to give them.</summary>
    public static (string Owner, string App) Require() =>
        Owner is { } owner && App is { } app ? (owner, app) : throw new InvalidOperationException($"CI must provide {OwnerVariable} and {AppVariable}.");

    private static string? Read(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
