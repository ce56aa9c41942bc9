using System.Text.RegularExpressions;

namespace HelpAgency.Core.Catalog;

/// <summary>A department's representative for coordination meetings: a name and their WeCom user id (企业微信账号).</summary>
public sealed partial record DepartmentContact(string Name, string UserId)
{
    /// <summary>WeCom's rule for a member's userid: 1 to 64 letters, digits and _-@., starting with a letter or digit.</summary>
    public static bool IsWeComUserId(string text) => WeComUserId().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$")]
    private static partial Regex WeComUserId();
}
