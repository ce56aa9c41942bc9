namespace HelpAgency.WeCom.Callback;

/// <summary>The MsgType and Event values the channel treats specially.</summary>
public static class CallbackMessageTypes
{
    public const string Text = "text";
    public const string Event = "event";

    public const string EnterAgentEvent = "enter_agent";
    public const string ClickEvent = "click";
    public const string TemplateCardEvent = "template_card_event";
}
