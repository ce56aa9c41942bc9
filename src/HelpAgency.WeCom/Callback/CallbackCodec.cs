using System.Text;

namespace HelpAgency.WeCom.Callback;

/// <summary>
/// The callback protocol end to end: URL verification, opening a POST body into a message, and sealing
/// a passive reply. Every refusal is a <see cref="CallbackException"/> naming the failed check.
/// </summary>
public sealed class CallbackCodec(CallbackCrypto crypto)
{
    public CallbackCrypto Crypto { get; } = crypto;

    /// <summary>Checks the GET verification request and returns the plaintext echo to answer.</summary>
    public string VerifyUrl(string? signature, string timestamp, string nonce, string echostr) =>
        Encoding.UTF8.GetString(Crypto.VerifyAndDecrypt(signature, timestamp, nonce, echostr));

    /// <summary>Verifies, decrypts and parses a POST body.</summary>
    public OpenedCallback Open(string? signature, string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        var envelope = CallbackXml.ParseEnvelope(body);
        var plaintext = Crypto.VerifyAndDecrypt(signature, timestamp, nonce, envelope.Encrypt);
        return new OpenedCallback(CallbackXml.ParseMessage(plaintext), plaintext);
    }

    /// <summary>A signed, encrypted passive text reply to <paramref name="toUser"/>.</summary>
    public string SealText(string toUser, string content, long createTime, string timestamp, string nonce) =>
        PassiveReply.Seal(Crypto, PassiveReply.Text(toUser, Crypto.ReceiveId, createTime, content), timestamp, nonce);
}
