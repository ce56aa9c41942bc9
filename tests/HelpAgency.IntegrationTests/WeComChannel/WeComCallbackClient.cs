using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.IntegrationTests.WeComChannel;

/// <summary>Plays WeCom's side of the callback: encrypts and signs messages, posts them, opens passive replies.</summary>
/// <remarks>Timestamps follow <paramref name="clock"/> where given (a host whose fake clock moves), else the test host's start.</remarks>
public sealed class WeComCallbackClient(HttpClient http, TimeProvider? clock = null)
{
    public const string CorpId = "ww7e0b7d0d1c2a3b4c";
    public const string Token = "HelpAgencyToken";
    public const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string Path = "/wecom/callback";

    /// <summary>The timestamp callbacks are signed with: the test host's clock at its start (HelpAgencyFactory), within the host's skew check.</summary>
    public const string StampSeconds = "1795568400";

    public static readonly CallbackCodec Codec = new(new CallbackCrypto(Token, EncodingAesKey, CorpId));

    private int _nonce;

    public static Dictionary<string, string?> Settings(string apiBaseUrl, int budgetMilliseconds = 3000) => new()
    {
        ["WeCom:CorpId"] = CorpId,
        ["WeCom:AgentId"] = "1000002",
        ["WeCom:Secret"] = "test-secret",
        ["WeCom:Token"] = Token,
        ["WeCom:EncodingAESKey"] = EncodingAesKey,
        ["WeCom:ApiBaseUrl"] = apiBaseUrl,
        ["WeCom:ReplyBudgetMilliseconds"] = budgetMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["WeCom:ApiRetryDelayMilliseconds"] = "1",
    };

    public static string Text(string user, string content, string msgId, long createTime = 1764032400) =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";

    public static string Event(string user, string name, string? key = null, long createTime = 1764032400, string extra = "") =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><EventKey><![CDATA[{key}]]></EventKey>{extra}<AgentID>1000002</AgentID></xml>";

    public static string Other(string user, string type, string msgId) =>
        $"<xml><ToUserName>{CorpId}</ToUserName><FromUserName>{user}</FromUserName><CreateTime>1764032400</CreateTime><MsgType>{type}</MsgType><MediaId>m</MediaId><MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";

    /// <summary>The envelope body for <paramref name="encrypt"/>.</summary>
    public static string Envelope(string encrypt) =>
        $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";

    /// <summary>Encrypts <paramref name="innerXml"/> as WeCom would and posts it, correctly signed.</summary>
    public Task<HttpResponseMessage> PostAsync(string innerXml) => PostEncryptedAsync(Codec.Crypto.Encrypt(innerXml));

    /// <summary>Posts <paramref name="encrypt"/> in an envelope, signed over it.</summary>
    public Task<HttpResponseMessage> PostEncryptedAsync(string encrypt)
    {
        var (timestamp, nonce) = NextStamp();
        return PostRawAsync(Envelope(encrypt), Codec.Crypto.Sign(timestamp, nonce, encrypt), timestamp, nonce);
    }

    public Task<HttpResponseMessage> PostRawAsync(string body, string? signature, string timestamp, string nonce)
    {
        var url = $"{Path}?timestamp={timestamp}&nonce={nonce}" + (signature is null ? "" : $"&msg_signature={signature}");
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        return http.PostAsync(url, content);
    }

    public (string Timestamp, string Nonce) NextStamp() =>
        (clock?.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? StampSeconds, Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture));

    /// <summary>Verifies and decrypts a passive reply the way WeCom would; null for an empty answer.</summary>
    public static async Task<XElement?> OpenReplyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            return null;
        }

        var envelope = XElement.Parse(body);
        var encrypt = envelope.Element("Encrypt")!.Value;
        var plain = Codec.Crypto.VerifyAndDecrypt(envelope.Element("MsgSignature")!.Value, envelope.Element("TimeStamp")!.Value, envelope.Element("Nonce")!.Value, encrypt);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }

    /// <summary>Encrypts raw plaintext bytes with the key, no padding added: for crafting broken payloads.</summary>
    public static string EncryptRaw(byte[] plain)
    {
        var key = Convert.FromBase64String(EncodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key[..16], PaddingMode.None));
    }

    /// <summary>A well-formed plaintext block sequence for <paramref name="message"/>, 32-byte padded.</summary>
    public static byte[] Plaintext(string message, string receiveId = CorpId)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(receiveId);
        var content = 20 + msg.Length + id.Length;
        var total = content + (32 - (content % 32));
        var plain = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), (uint)msg.Length);
        msg.CopyTo(plain, 20);
        id.CopyTo(plain, 20 + msg.Length);
        plain.AsSpan(content).Fill((byte)(total - content));
        return plain;
    }
}
