using System.Globalization;
using System.Text;
using System.Xml;

namespace HelpAgency.WeCom.Callback;

/// <summary>
/// Reads WeCom's flat callback XML safely: no DTD, no entities, no external resolution, a size cap.
/// Every problem becomes a <see cref="CallbackException"/> of kind <see cref="CallbackErrorKind.ParseXml"/>.
/// </summary>
public static class CallbackXml
{
    /// <summary>The largest document, in characters, either parser accepts.</summary>
    public const int MaxCharacters = 64 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    /// <summary>Reads the POST body's envelope; a body without a non-empty Encrypt is refused.</summary>
    public static CallbackEnvelope ParseEnvelope(ReadOnlySpan<byte> body)
    {
        string? encrypt = null, toUserName = null, agentId = null;
        Read(body, (name, value) =>
        {
            switch (name)
            {
                case "Encrypt": encrypt = value; break;
                case "ToUserName": toUserName = value; break;
                case "AgentID": agentId = value; break;
            }
        });

        encrypt = encrypt?.Trim();
        if (string.IsNullOrEmpty(encrypt))
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "The envelope has no Encrypt element.");
        }

        return new CallbackEnvelope(encrypt, toUserName, agentId);
    }

    /// <summary>Reads a decrypted message or event.</summary>
    public static CallbackMessage ParseMessage(ReadOnlySpan<byte> xml)
    {
        string? to = null, from = null, createTime = null, msgType = null, agentId = null, msgId = null;
        string? content = null, eventName = null, eventKey = null, taskId = null, cardType = null, responseCode = null;
        Read(xml, (name, value) =>
        {
            switch (name)
            {
                case "ToUserName": to = value.Trim(); break;
                case "FromUserName": from = value.Trim(); break;
                case "CreateTime": createTime = value.Trim(); break;
                case "MsgType": msgType = value.Trim(); break;
                case "AgentID": agentId = value.Trim(); break;
                case "MsgId": msgId = value.Trim(); break;
                case "Content": content = value; break;
                case "Event": eventName = value.Trim(); break;
                case "EventKey": eventKey = value; break;
                case "TaskId": taskId = value.Trim(); break;
                case "CardType": cardType = value.Trim(); break;
                case "ResponseCode": responseCode = value.Trim(); break;
            }
        });

        if (string.IsNullOrEmpty(from))
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "The message has no FromUserName.");
        }

        if (string.IsNullOrEmpty(msgType))
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "The message has no MsgType.");
        }

        if (msgType == CallbackMessageTypes.Event && string.IsNullOrEmpty(eventName))
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "The event has no Event name.");
        }

        long created = 0;
        if (createTime is not null && !long.TryParse(createTime, NumberStyles.None, CultureInfo.InvariantCulture, out created))
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "CreateTime is not a number.");
        }

        return new CallbackMessage
        {
            ToUserName = to ?? "",
            FromUserName = from,
            CreateTime = created,
            MsgType = msgType,
            AgentId = NullIfEmpty(agentId),
            MsgId = NullIfEmpty(msgId),
            Content = content,
            Event = NullIfEmpty(eventName),
            EventKey = eventKey,
            TaskId = NullIfEmpty(taskId),
            CardType = NullIfEmpty(cardType),
            ResponseCode = NullIfEmpty(responseCode),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Reads the children of the root <xml> element as name/text pairs; nested elements are skipped.
    private static void Read(ReadOnlySpan<byte> document, Action<string, string> field)
    {
        if (document.Length > MaxCharacters * 4)
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, "The XML is too large.");
        }

        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document.ToArray(), writable: false), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "xml")
            {
                throw new CallbackException(CallbackErrorKind.ParseXml, "The root element is not <xml>.");
            }

            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
                {
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        var name = reader.LocalName;
                        field(name, ReadText(reader));
                    }
                    else
                    {
                        reader.Read();
                    }
                }
            }

            // Reading to the end makes trailing garbage, a second root or a late DOCTYPE an error too.
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            throw new CallbackException(CallbackErrorKind.ParseXml, $"Not acceptable XML: {ex.Message}");
        }
    }

    // Leaves the reader just past the element's end.
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        reader.Read();
        string? single = null;
        StringBuilder? many = null;
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (single is null)
                    {
                        single = reader.Value;
                    }
                    else
                    {
                        many ??= new StringBuilder(single);
                        many.Append(reader.Value);
                    }

                    reader.Read();
                    break;
                case XmlNodeType.Element:
                    reader.Skip();
                    break;
                default:
                    if (!reader.Read())
                    {
                        throw new XmlException("Unexpected end of document.");
                    }

                    break;
            }
        }

        reader.Read();
        return many?.ToString() ?? single ?? "";
    }
}
