using System.Text;
using System.Xml.Linq;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Tests.WeCom.Callback;

public sealed class PassiveReplyTests
{
    private readonly CallbackCodec _codec = new(new CallbackCrypto(WeComSample.Token, WeComSample.EncodingAesKey, WeComSample.CorpId));

    [Fact]
    public void A_text_reply_is_addressed_from_the_corp_to_the_user()
    {
        var xml = XElement.Parse(PassiveReply.Text("zhang.san", "ww1", 1764032400, "您好"));

        Assert.Equal("zhang.san", xml.Element("ToUserName")!.Value);
        Assert.Equal("ww1", xml.Element("FromUserName")!.Value);
        Assert.Equal("1764032400", xml.Element("CreateTime")!.Value);
        Assert.Equal("text", xml.Element("MsgType")!.Value);
        Assert.Equal("您好", xml.Element("Content")!.Value);
    }

    [Theory]
    [InlineData("a]]>b", "a]]>b")]
    [InlineData("]]>]]>", "]]>]]>")]
    [InlineData("<![CDATA[x]]>", "<![CDATA[x]]>")]
    [InlineData("bell\u0007tab\tnull\u0000", "belltab\tnull")]
    [InlineData("emoji 😀 ok", "emoji 😀 ok")]
    public void Content_that_would_break_cdata_or_xml_survives_as_well_formed_text(string content, string expected)
    {
        var xml = XElement.Parse(PassiveReply.Text("u", "ww1", 1, content));

        Assert.Equal(expected, xml.Element("Content")!.Value);
    }

    [Fact]
    public void A_lone_surrogate_is_dropped_rather_than_breaking_the_xml()
    {
        // Built at run time: an attribute argument cannot carry an unpaired surrogate.
        var content = "lone " + (char)0xD800 + " surrogate";

        Assert.Equal("lone  surrogate", XElement.Parse(PassiveReply.Text("u", "ww1", 1, content)).Element("Content")!.Value);
    }

    [Fact]
    public void A_sealed_reply_is_signed_over_its_encrypt_and_decrypts_to_the_inner_message()
    {
        var sealedXml = _codec.SealText("mycreate", "this is a test", 1348831860, "1409659813", "1372623149");

        var envelope = XElement.Parse(sealedXml);
        var encrypt = envelope.Element("Encrypt")!.Value;
        Assert.Equal("1409659813", envelope.Element("TimeStamp")!.Value);
        Assert.Equal("1372623149", envelope.Element("Nonce")!.Value);
        Assert.Equal(_codec.Crypto.Sign("1409659813", "1372623149", encrypt), envelope.Element("MsgSignature")!.Value);
        var inner = XElement.Parse(Encoding.UTF8.GetString(_codec.Crypto.Decrypt(encrypt)));
        Assert.Equal("this is a test", inner.Element("Content")!.Value);
        Assert.Equal(WeComSample.CorpId, inner.Element("FromUserName")!.Value);
    }

    [Fact]
    public void A_sealed_reply_opens_with_the_same_codec_the_way_WeCom_would_read_it()
    {
        var sealedXml = _codec.SealText("u", "好的", 1, "1", "2");
        var envelope = XElement.Parse(sealedXml);

        var opened = _codec.Open(envelope.Element("MsgSignature")!.Value, "1", "2", Encoding.UTF8.GetBytes(sealedXml));

        Assert.Equal("好的", opened.Message.Content);
    }
}
