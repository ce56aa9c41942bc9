using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Load;

/// <summary>Plays WeCom: encrypts and signs each user's message with a fresh MsgId and posts it to the callback.</summary>
public sealed class CallbackDriver(HttpClient http, string baseUrl)
{
    public const string CorpId = "wwload0000000000";
    public const string Token = "HelpAgencyLoadToken";
    public const string EncodingAesKey = "LoadTestKey0123456789abcdefghijklmnopqrstuv";
    public const string CallbackPath = "/wecom/callback";

    private static readonly CallbackCrypto Crypto = new(Token, EncodingAesKey, CorpId);
    private static long _messageIds = 7_400_000_000_000_000 + (DateTime.UtcNow.Ticks % 1_000_000_000) * 1000;
    private static long _nonces;

    /// <summary>The host's WeCom settings that match this driver.</summary>
    public static Dictionary<string, string> HostSettings(string apiBaseUrl) => new()
    {
        ["WeCom__CorpId"] = CorpId,
        ["WeCom__AgentId"] = "1000002",
        ["WeCom__Secret"] = "load-secret",
        ["WeCom__Token"] = Token,
        ["WeCom__EncodingAESKey"] = EncodingAesKey,
        ["WeCom__ApiBaseUrl"] = apiBaseUrl,
        // 64 simulated users each send far faster than a person types: the per-user turn limit would measure itself.
        ["Limits__TurnsPerUserPerMinute"] = "10000",
        ["Limits__QueuedTurnsPerUser"] = "1000",
        // The replies that miss the passive answer go out through message/send under WeCom's pace: the fake API has none,
        // so the load measures the sends too instead of piling them up behind the app-wide and per-member limits.
        ["Pushes__GlobalPerMinute"] = "1000000",
        ["Pushes__PerMemberPerMinute"] = "100000",
        ["Pushes__PerMemberPerHour"] = "1000000",
    };

    /// <summary>One turn; its latency in microseconds, or null when it failed (counted in <paramref name="into"/>).</summary>
    public async Task SendAsync(string user, string text, Latencies? into, long scheduledTicks, CancellationToken cancellationToken)
    {
        var msgId = Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);
        var createTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var xml = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content><MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";
        var encrypt = Crypto.Encrypt(xml);
        var nonce = Interlocked.Increment(ref _nonces).ToString(CultureInfo.InvariantCulture);
        var signature = Crypto.Sign(createTime, nonce, encrypt);
        using var content = new StringContent(
            $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>",
            Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        try
        {
            using var response = await http.PostAsync($"{baseUrl}{CallbackPath}?msg_signature={signature}&timestamp={createTime}&nonce={nonce}", content, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (into is null)
            {
                return;
            }

            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref into.Errors);
                return;
            }

            if (body.Length == 0)
            {
                // No passive reply: more than one text message, or past the reply budget. Answered through the API instead.
                Interlocked.Increment(ref into.ViaApi);
            }

            into.Add((Stopwatch.GetTimestamp() - scheduledTicks) * 1_000_000 / Stopwatch.Frequency);
        }
        catch (HttpRequestException) when (into is not null)
        {
            Interlocked.Increment(ref into.Errors);
        }
    }

    /// <summary>A body of the size a callback has, for the bare endpoint.</summary>
    public static string SampleBody()
    {
        var encrypt = Crypto.Encrypt($"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[load-0]]></FromUserName><CreateTime>1764032400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[施工许可证需要什么材料]]></Content><MsgId>1</MsgId><AgentID>1000002</AgentID></xml>");
        return $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
    }
}
