using System.Text;
using BenchmarkDotNet.Attributes;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Benchmarks.WeCom;

/// <summary>
/// The per-callback cost of the WeCom protocol: verify the signature, decrypt and parse a text message,
/// and build the encrypted, signed passive reply.
/// Run: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*CallbackBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class CallbackBenchmarks
{
    private const string Token = "HelpAgencyToken";
    private const string Timestamp = "1764032400";
    private const string Nonce = "1372623149";

    private readonly CallbackCodec _codec = new(new CallbackCrypto(Token, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "ww7e0b7d0d1c2a3b4c"));
    private byte[] _body = [];
    private string _signature = "";

    [GlobalSetup]
    public void Setup()
    {
        var inner = "<xml><ToUserName><![CDATA[ww7e0b7d0d1c2a3b4c]]></ToUserName><FromUserName><![CDATA[zhang.san]]></FromUserName>"
            + "<CreateTime>1764032400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[施工许可证需要准备哪些材料？]]></Content>"
            + "<MsgId>7441234567890123456</MsgId><AgentID>1000002</AgentID></xml>";
        var encrypt = _codec.Crypto.Encrypt(inner);
        _signature = _codec.Crypto.Sign(Timestamp, Nonce, encrypt);
        _body = Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[ww7e0b7d0d1c2a3b4c]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>");
    }

    [Benchmark(Description = "verify + decrypt + parse")]
    public CallbackMessage Open() => _codec.Open(_signature, Timestamp, Nonce, _body).Message;

    [Benchmark(Description = "encrypted passive reply")]
    public string Reply() => _codec.SealText("zhang.san", "您好！施工许可需要：申请表、用地规划许可证、施工图审查合格书。", 1764032400, Timestamp, Nonce);
}
