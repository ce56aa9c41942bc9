using System.Text.Json.Nodes;

namespace HelpAgency.WeCom.Api;

/// <summary>A message body as message/send, appchat/send and webhook/send take it: a msgtype and the object under its name.</summary>
public sealed record MessageContent(string MsgType, JsonObject Body)
{
    public static MessageContent Text(string content) => new("text", new JsonObject { ["content"] = content });

    public static MessageContent Markdown(string content) => new("markdown", new JsonObject { ["content"] = content });

    /// <summary>
    /// A text card: a title, a short description and a link (WeCom requires the url). Without <paramref name="buttonText"/>
    /// WeCom labels the link with its own default (详情).
    /// </summary>
    public static MessageContent TextCard(string title, string description, string url, string? buttonText = null)
    {
        var body = new JsonObject { ["title"] = title, ["description"] = description, ["url"] = url };
        if (buttonText is not null)
        {
            body["btntxt"] = buttonText;
        }

        return new("textcard", body);
    }

    /// <summary>A template card with buttons; a click comes back as a template_card_event with the button's key.</summary>
    public static MessageContent ButtonCard(TemplateCard card) => new("template_card", card.ToJson());

    /// <summary>Writes <c>msgtype</c> and the body into <paramref name="target"/>.</summary>
    internal JsonObject WriteTo(JsonObject target)
    {
        target["msgtype"] = MsgType;
        target[MsgType] = Body.DeepClone();
        return target;
    }
}
