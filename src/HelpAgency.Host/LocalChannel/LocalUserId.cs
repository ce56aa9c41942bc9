using System.Text.RegularExpressions;

namespace HelpAgency.Host.LocalChannel;

/// <summary>WeCom's rule for member ids, kept on the local channel so the same ids work on both.</summary>
public static partial class LocalUserId
{
    public const int MaxLength = 64;

    /// <summary>Returns a polite error, or null when <paramref name="user"/> is a usable id.</summary>
    public static string? Check(string? user) => user switch
    {
        null or "" => "请提供用户 ID（user）。",
        { Length: > MaxLength } => $"用户 ID 不能超过 {MaxLength} 个字符。",
        _ when !Pattern().IsMatch(user) => "用户 ID 只能由字母、数字和 _ - @ . 组成，且以字母或数字开头。",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_@.-]*$")]
    private static partial Regex Pattern();
}
