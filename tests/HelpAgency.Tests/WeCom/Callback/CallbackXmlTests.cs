using System.Text;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Tests.WeCom.Callback;

public sealed class CallbackXmlTests
{
    [Fact]
    public void A_text_message_gives_sender_content_msgid_and_agent()
    {
        var message = Parse("""
            <xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[zhang.san]]></FromUserName>
            <CreateTime>1764032400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 施工许可 <要> 什么 ]]></Content>
            <MsgId>CAIQ4N2bzAYY8f7S8gEg2ZkC</MsgId><AgentID>1000002</AgentID></xml>
            """);

        Assert.Equal("zhang.san", message.FromUserName);
        Assert.Equal("ww1", message.ToUserName);
        Assert.Equal(1764032400, message.CreateTime);
        Assert.Equal("text", message.MsgType);
        Assert.Equal(" 施工许可 <要> 什么 ", message.Content);
        Assert.Equal("CAIQ4N2bzAYY8f7S8gEg2ZkC", message.MsgId);
        Assert.Equal("1000002", message.AgentId);
        Assert.False(message.IsEvent);
    }

    [Fact]
    public void An_agent_id_beyond_32_bits_and_escaped_text_are_read_as_text()
    {
        var message = Parse("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>a &amp; b &lt; c</Content><AgentID>99999999999</AgentID></xml>");

        Assert.Equal("a & b < c", message.Content);
        Assert.Equal("99999999999", message.AgentId);
    }

    [Fact]
    public void Enter_agent_is_an_event_without_key()
    {
        var message = Parse("<xml><ToUserName>ww1</ToUserName><FromUserName>li</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><EventKey><![CDATA[]]></EventKey><AgentID>1</AgentID></xml>");

        Assert.True(message.IsEvent);
        Assert.Equal("enter_agent", message.Event);
        Assert.Null(message.MsgId);
    }

    [Fact]
    public void A_menu_click_carries_its_key()
    {
        var message = Parse("<xml><FromUserName>li</FromUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[menu_progress]]></EventKey></xml>");

        Assert.Equal("click", message.Event);
        Assert.Equal("menu_progress", message.EventKey);
    }

    [Fact]
    public void A_template_card_click_carries_key_task_card_type_and_response_code_and_skips_nested_items()
    {
        var message = Parse("""
            <xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[wang]]></FromUserName><CreateTime>123456789</CreateTime>
            <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[confirm]]></EventKey>
            <TaskId><![CDATA[case-42-1]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[RC123]]></ResponseCode>
            <AgentID>1</AgentID><SelectedItems><SelectedItem><QuestionKey><![CDATA[q]]></QuestionKey><OptionIds><OptionId><![CDATA[o]]></OptionId></OptionIds></SelectedItem></SelectedItems></xml>
            """);

        Assert.Equal("template_card_event", message.Event);
        Assert.Equal("confirm", message.EventKey);
        Assert.Equal("case-42-1", message.TaskId);
        Assert.Equal("button_interaction", message.CardType);
        Assert.Equal("RC123", message.ResponseCode);
    }

    [Theory]
    [InlineData("image", "<PicUrl>http://x/y.png</PicUrl><MediaId>m</MediaId>")]
    [InlineData("voice", "<MediaId>m</MediaId><Format>amr</Format>")]
    [InlineData("video", "<MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId>")]
    [InlineData("location", "<Location_X>30.5</Location_X><Location_Y>114.4</Location_Y><Scale>15</Scale><Label>光谷</Label>")]
    [InlineData("link", "<Title>t</Title><Description>d</Description><Url>http://x</Url><PicUrl>p</PicUrl>")]
    [InlineData("file", "<MediaId>m</MediaId>")]
    public void Other_message_types_parse_with_their_type(string type, string extra)
    {
        var message = Parse($"<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>{type}</MsgType>{extra}<MsgId>77</MsgId></xml>");

        Assert.Equal(type, message.MsgType);
        Assert.Equal("77", message.MsgId);
        Assert.Null(message.Content);
    }

    [Theory]
    [InlineData("<!DOCTYPE xml [<!ENTITY x \"boom\">]><xml><FromUserName>&x;</FromUserName><MsgType>text</MsgType></xml>")]
    [InlineData("<!DOCTYPE xml SYSTEM \"file:///etc/passwd\"><xml><FromUserName>u</FromUserName><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><FromUserName>&x;</FromUserName><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType></xml><xml/>")]
    [InlineData("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType>")]
    [InlineData("<other><FromUserName>u</FromUserName><MsgType>text</MsgType></other>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    [InlineData("<xml><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><FromUserName>u</FromUserName></xml>")]
    [InlineData("<xml><FromUserName>u</FromUserName><MsgType>event</MsgType></xml>")]
    [InlineData("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><CreateTime>soon</CreateTime></xml>")]
    public void Bad_inner_xml_including_any_doctype_or_entity_is_a_parse_error(string xml)
    {
        CallbackCryptoTests.AssertKind(CallbackErrorKind.ParseXml, () => Parse(xml));
    }

    [Fact]
    public void A_document_over_the_size_cap_is_a_parse_error()
    {
        var xml = $"<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>{new string('a', CallbackXml.MaxCharacters)}</Content></xml>";

        CallbackCryptoTests.AssertKind(CallbackErrorKind.ParseXml, () => Parse(xml));
    }

    [Fact]
    public void The_envelope_gives_encrypt_and_the_unsigned_hints()
    {
        var envelope = CallbackXml.ParseEnvelope("<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"u8);

        Assert.Equal(new CallbackEnvelope("abc=", "ww1", "218"), envelope);
    }

    [Theory]
    [InlineData("<xml><ToUserName>ww1</ToUserName><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>hi</Content></xml>")]
    [InlineData("<xml><Encrypt></Encrypt></xml>")]
    [InlineData("<xml><Encrypt>   </Encrypt></xml>")]
    [InlineData("<!DOCTYPE xml><xml><Encrypt>abc</Encrypt></xml>")]
    [InlineData("{\"Encrypt\":\"abc\"}")]
    public void An_envelope_without_encrypt_or_with_a_doctype_is_a_parse_error(string body)
    {
        CallbackCryptoTests.AssertKind(CallbackErrorKind.ParseXml, () => CallbackXml.ParseEnvelope(Encoding.UTF8.GetBytes(body)));
    }

    private static CallbackMessage Parse(string xml) => CallbackXml.ParseMessage(Encoding.UTF8.GetBytes(xml));
}
