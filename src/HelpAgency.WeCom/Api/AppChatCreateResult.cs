using System.Text.Json;

namespace HelpAgency.WeCom.Api;

/// <summary>The answer of appchat/create: the new group chat's id.</summary>
public sealed class AppChatCreateResult : WeComResult
{
    public string ChatId { get; init; } = "";

    internal static new AppChatCreateResult Read(JsonElement root) =>
        new() { ErrCode = ReadErrCode(root), ErrMsg = ReadString(root, "errmsg"), ChatId = ReadString(root, "chatid") };
}
