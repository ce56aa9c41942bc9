using System.Text;

namespace HelpAgency.WeCom.Api;

/// <summary>
/// How much one WeCom message may carry: the content of a text or markdown message (message/send, appchat/send) and of
/// a passive text reply is at most 2,048 bytes of UTF-8; WeCom cuts text beyond it and refuses longer markdown. Longer
/// content goes as several messages, split between lines where it can be.
/// </summary>
public static class MessageLimits
{
    public const int ContentBytes = 2048;

    public static bool Fits(string content) => Encoding.UTF8.GetByteCount(content) <= ContentBytes;

    /// <summary>
    /// <paramref name="content"/> in parts of at most <paramref name="maxBytes"/> bytes: whole lines together where they fit,
    /// a longer line cut between characters (never inside one). The same content always gives the same parts.
    /// </summary>
    public static IReadOnlyList<string> Split(string content, int maxBytes = ContentBytes)
    {
        if (Encoding.UTF8.GetByteCount(content) <= maxBytes)
        {
            return [content];
        }

        var parts = new List<string>();
        var part = new StringBuilder();
        var partBytes = 0;
        foreach (var line in content.Split('\n'))
        {
            var lineBytes = Encoding.UTF8.GetByteCount(line);
            var joined = partBytes + (part.Length > 0 ? 1 : 0) + lineBytes;
            if (part.Length > 0 && joined > maxBytes)
            {
                parts.Add(part.ToString());
                part.Clear();
                partBytes = 0;
            }

            if (lineBytes > maxBytes)
            {
                foreach (var piece in Cut(line, maxBytes))
                {
                    parts.Add(piece);
                }

                continue;
            }

            if (part.Length > 0)
            {
                part.Append('\n');
                partBytes++;
            }

            part.Append(line);
            partBytes += lineBytes;
        }

        if (part.Length > 0)
        {
            parts.Add(part.ToString());
        }

        return parts;
    }

    // A line longer than a message: cut between text elements, so no character or surrogate pair is split.
    private static IEnumerable<string> Cut(string line, int maxBytes)
    {
        var piece = new StringBuilder();
        var bytes = 0;
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes && piece.Length > 0)
            {
                yield return piece.ToString();
                piece.Clear();
                bytes = 0;
            }

            piece.Append(element);
            bytes += size;
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }
}
