namespace HelpAgency.WeCom.Callback;

/// <summary>
/// Why a callback was refused. The values are the error codes of WeCom's reference library
/// (WXBizMsgCrypt), so a log line can be matched against WeCom's own documentation.
/// </summary>
public enum CallbackErrorKind
{
    /// <summary>The msg_signature does not match the signature computed with our token.</summary>
    ValidateSignature = -40001,

    /// <summary>The envelope or the decrypted message is not acceptable XML (including a DOCTYPE or entity).</summary>
    ParseXml = -40002,

    /// <summary>The signature could not be computed.</summary>
    ComputeSignature = -40003,

    /// <summary>The EncodingAESKey is not 43 characters of base64 for a 32-byte key.</summary>
    IllegalAesKey = -40004,

    /// <summary>The receive id inside the plaintext is not our CorpId.</summary>
    ValidateReceiveId = -40005,

    /// <summary>Encryption failed.</summary>
    EncryptAes = -40006,

    /// <summary>The ciphertext has a wrong length, does not decrypt, or its padding is bad.</summary>
    DecryptAes = -40007,

    /// <summary>The plaintext's length field points past the buffer.</summary>
    IllegalBuffer = -40008,

    /// <summary>Base64 encoding failed.</summary>
    EncodeBase64 = -40009,

    /// <summary>The Encrypt text is not base64.</summary>
    DecodeBase64 = -40010,

    /// <summary>The reply XML could not be generated.</summary>
    GenerateReplyXml = -40011,
}
