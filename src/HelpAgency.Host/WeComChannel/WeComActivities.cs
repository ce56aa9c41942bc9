using System.Security.Cryptography;
using HelpAgency.Core.Conversation;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Host.WeComChannel;

/// <summary>Turns decrypted WeCom callbacks into the activities the conversation layer reads.</summary>
public static class WeComActivities
{
    /// <summary>The channel name turns from WeCom carry.</summary>
    public const string Channel = "wecom";

    /// <summary>
    /// The activity of <paramref name="message"/>, or null for an event the bot does not act on (such as
    /// a location report), which is acknowledged without a turn.
    /// </summary>
    public static Activity? From(CallbackMessage message)
    {
        var user = message.FromUserName;
        return message switch
        {
            { MsgType: CallbackMessageTypes.Text } => Activity.Message(Channel, user, message.Content ?? ""),
            { IsEvent: true, Event: CallbackMessageTypes.EnterAgentEvent } =>
                new Activity { Channel = Channel, UserId = user, EventName = message.Event },
            { IsEvent: true, Event: CallbackMessageTypes.ClickEvent } =>
                new Activity { Channel = Channel, UserId = user, EventName = message.Event, EventKey = message.EventKey },
            { IsEvent: true, Event: CallbackMessageTypes.TemplateCardEvent } =>
                new Activity { Channel = Channel, UserId = user, EventName = message.Event, EventKey = message.EventKey, TaskId = message.TaskId, ResponseCode = message.ResponseCode },
            { IsEvent: true } => null,
            _ => new Activity { Channel = Channel, UserId = user, UnsupportedKind = message.MsgType },
        };
    }

    /// <summary>
    /// The dedupe key of a delivery: the MsgId of a message; for an event, a hash of its plaintext, since
    /// WeCom's suggested FromUserName + CreateTime merges distinct events of one second.
    /// </summary>
    public static string DeliveryKey(CallbackMessage message, ReadOnlySpan<byte> plaintext) =>
        !message.IsEvent && message.MsgId is { } msgId
            ? "msg:" + msgId
            : "evt:" + Convert.ToHexStringLower(SHA256.HashData(plaintext));
}
