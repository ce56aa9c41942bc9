using System.Text.RegularExpressions;

namespace HelpAgency.Core.Users;

/// <summary>
/// WeCom's rule for member ids (1 to 64 characters: letters, digits and _ - @ ., starting with a letter or a digit),
/// applied to every id that enters the system, from WeCom and from the local channel alike.
/// </summary>
public static partial class UserIds
{
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="user"/> is an id WeCom could have issued.</summary>
    public static bool IsValid(string? user) => Check(user) is null;

    /// <summary>What is wrong with <paramref name="user"/> as an id, or null when it is a usable one.</summary>
    public static UserIdProblem? Check(string? user) => user switch
    {
        null or "" => UserIdProblem.Missing,
        { Length: > MaxLength } => UserIdProblem.TooLong,
        _ when !Pattern().IsMatch(user) => UserIdProblem.Pattern,
        _ => null,
    };

    // \z, not $: $ also matches before a final newline, which let "demo-supervisor\n" through as another user.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_@.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
