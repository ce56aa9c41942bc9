using System.Text.Json;

namespace HelpAgency.WeCom.Api;

/// <summary>The answer of message/send and update_template_card, with the recipients WeCom refused.</summary>
public sealed class MessageSendResult : WeComResult
{
    public IReadOnlyList<string> InvalidUsers { get; init; } = [];

    public IReadOnlyList<string> InvalidParties { get; init; } = [];

    public IReadOnlyList<string> InvalidTags { get; init; } = [];

    public IReadOnlyList<string> UnlicensedUsers { get; init; } = [];

    public string? MsgId { get; init; }

    /// <summary>The code to update a sent template card once (template_card messages only).</summary>
    public string? ResponseCode { get; init; }

    /// <summary>Accepted, but not for every recipient: record it, it is not a full success.</summary>
    public bool IsPartialFailure =>
        IsSuccess && (InvalidUsers.Count > 0 || InvalidParties.Count > 0 || InvalidTags.Count > 0 || UnlicensedUsers.Count > 0);

    internal static new MessageSendResult Read(JsonElement root) => new()
    {
        ErrCode = ReadErrCode(root),
        ErrMsg = ReadString(root, "errmsg"),
        InvalidUsers = ReadList(root, "invaliduser"),
        InvalidParties = ReadList(root, "invalidparty"),
        InvalidTags = ReadList(root, "invalidtag"),
        UnlicensedUsers = ReadList(root, "unlicenseduser"),
        MsgId = NullIfEmpty(ReadString(root, "msgid")),
        ResponseCode = NullIfEmpty(ReadString(root, "response_code")),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
