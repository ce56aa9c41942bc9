using System.Globalization;
using System.Text;
using System.Xml;

namespace HelpAgency.WeCom.Callback;

/// <summary>
/// Builds the XML of a passive reply: the inner message (to be encrypted) and the signed envelope
/// <c>&lt;xml&gt;&lt;Encrypt/&gt;&lt;MsgSignature/&gt;&lt;TimeStamp/&gt;&lt;Nonce/&gt;&lt;/xml&gt;</c> around it.
/// </summary>
public static class PassiveReply
{
    /// <summary>The inner XML of a text reply from the app (<paramref name="corpId"/>) to <paramref name="toUser"/>.</summary>
    public static string Text(string toUser, string corpId, long createTime, string content)
    {
        var xml = new StringBuilder(192 + content.Length);
        xml.Append("<xml><ToUserName>");
        AppendCData(xml, toUser);
        xml.Append("</ToUserName><FromUserName>");
        AppendCData(xml, corpId);
        xml.Append("</FromUserName><CreateTime>")
            .Append(createTime.ToString(CultureInfo.InvariantCulture))
            .Append("</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>");
        AppendCData(xml, content);
        xml.Append("</Content></xml>");
        return xml.ToString();
    }

    /// <summary>The outer envelope WeCom expects as the HTTP answer.</summary>
    public static string Envelope(string encrypt, string signature, string timestamp, string nonce)
    {
        var xml = new StringBuilder(128 + encrypt.Length);
        xml.Append("<xml><Encrypt>");
        AppendCData(xml, encrypt);
        xml.Append("</Encrypt><MsgSignature>");
        AppendCData(xml, signature);
        xml.Append("</MsgSignature><TimeStamp>");
        AppendCData(xml, timestamp);
        xml.Append("</TimeStamp><Nonce>");
        AppendCData(xml, nonce);
        xml.Append("</Nonce></xml>");
        return xml.ToString();
    }

    /// <summary>Encrypts <paramref name="innerXml"/> and signs it into the envelope.</summary>
    public static string Seal(CallbackCrypto crypto, string innerXml, string timestamp, string nonce)
    {
        var encrypt = crypto.Encrypt(innerXml);
        return Envelope(encrypt, crypto.Sign(timestamp, nonce, encrypt), timestamp, nonce);
    }

    // A CDATA section cannot hold "]]>" or characters XML forbids: split the one, drop the others.
    private static void AppendCData(StringBuilder xml, string text)
    {
        xml.Append("<![CDATA[");
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
            }
            else if (XmlConvert.IsXmlChar(c) && !(c == '>' && i >= 2 && text[i - 1] == ']' && text[i - 2] == ']'))
            {
                continue;
            }

            xml.Append(text, start, i - start);
            if (c == '>')
            {
                xml.Append("]]><![CDATA[>");
            }

            start = i + 1;
        }

        xml.Append(text, start, text.Length - start);
        xml.Append("]]>");
    }
}
