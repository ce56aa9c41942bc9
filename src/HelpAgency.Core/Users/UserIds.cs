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

    /// <summary>Returns a polite error, or null when <paramref name="user"/> is a usable id.</summary>
    public static string? Check(string? user) => user switch
    {
        null or "" => "请提供用户 ID（user）。",
        { Length: > MaxLength } => $"用户 ID 不能超过 {MaxLength} 个字符。",
        _ when !Pattern().IsMatch(user) => "用户 ID 只能由字母、数字和 _ - @ . 组成，且以字母或数字开头。",
        _ => null,
    };

    // \z, not $: $ also matches before a final newline, which let "demo-supervisor\n" through as another user.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_@.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
