namespace HelpAgency.Core.Users;

/// <summary>The stored spelling of <see cref="UserRole"/>: lower-case words, stable across releases.</summary>
public static class UserRoles
{
    public static string ToStorage(this UserRole role) => role switch
    {
        UserRole.Contact => "contact",
        UserRole.Assistant => "assistant",
        UserRole.Supervisor => "supervisor",
        UserRole.System => "system",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role of a user or staff row; never <see cref="UserRole.System"/>, which no such row holds.</summary>
    public static UserRole Parse(string value) => value switch
    {
        "contact" => UserRole.Contact,
        "assistant" => UserRole.Assistant,
        "supervisor" => UserRole.Supervisor,
        _ => throw new FormatException($"Unknown user role '{value}'."),
    };

    public static bool IsStaff(this UserRole role) => role is UserRole.Assistant or UserRole.Supervisor;
}
