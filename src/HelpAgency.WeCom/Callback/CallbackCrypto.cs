using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HelpAgency.WeCom.Callback;

/// <summary>
/// WeCom's callback crypto: SHA-1 signatures over the sorted [token, timestamp, nonce, encrypt] and
/// AES-256-CBC with the IV taken from the key, over 16 random bytes + 4-byte big-endian length + message
/// + receive id, padded PKCS#7-style to a multiple of 32 bytes (so pads run 1..32, not .NET's 1..16).
/// </summary>
public sealed class CallbackCrypto
{
    /// <summary>The length of an EncodingAESKey: base64 of 32 bytes without the trailing "=".</summary>
    public const int EncodingAesKeyLength = 43;

    private const int RandomLength = 16;
    private const int LengthFieldLength = 4;
    private const int PadBlock = 32;
    private const int SignatureHexLength = 40;

    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _receiveId;
    private readonly Action<Span<byte>> _fillRandom;

    public CallbackCrypto(string token, string encodingAesKey, string receiveId)
        : this(token, encodingAesKey, receiveId, RandomNumberGenerator.Fill)
    {
    }

    /// <summary>Lets a test fix the random prefix; everything else uses the system's CSPRNG.</summary>
    internal CallbackCrypto(string token, string encodingAesKey, string receiveId, Action<Span<byte>> fillRandom)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(receiveId);
        _token = token;
        _key = DecodeKey(encodingAesKey);
        _iv = _key[..16];
        _receiveId = Encoding.UTF8.GetBytes(receiveId);
        _fillRandom = fillRandom;
        ReceiveId = receiveId;
    }

    /// <summary>The id every plaintext must end with: the CorpId for a self-built app.</summary>
    public string ReceiveId { get; }

    /// <summary>Decodes an EncodingAESKey, failing with <see cref="CallbackErrorKind.IllegalAesKey"/>.</summary>
    public static byte[] DecodeKey(string? encodingAesKey)
    {
        if (encodingAesKey is not { Length: EncodingAesKeyLength })
        {
            throw new CallbackException(CallbackErrorKind.IllegalAesKey, $"EncodingAESKey must be {EncodingAesKeyLength} characters.");
        }

        var key = new byte[32];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != key.Length)
        {
            throw new CallbackException(CallbackErrorKind.IllegalAesKey, "EncodingAESKey is not base64 of a 32-byte key.");
        }

        return key;
    }

    /// <summary>The lowercase hex SHA-1 of the sorted, concatenated [token, timestamp, nonce, encrypt].</summary>
    public string Sign(string timestamp, string nonce, string encrypt)
    {
        Span<byte> hex = stackalloc byte[SignatureHexLength];
        ComputeSignature(timestamp, nonce, encrypt, hex);
        return Encoding.ASCII.GetString(hex);
    }

    /// <summary>Checks <paramref name="signature"/> in constant time; a missing or malformed one is simply wrong.</summary>
    public bool VerifySignature(string? signature, string timestamp, string nonce, string encrypt)
    {
        if (signature is not { Length: SignatureHexLength })
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SignatureHexLength];
        Span<byte> given = stackalloc byte[SignatureHexLength];
        ComputeSignature(timestamp, nonce, encrypt, expected);
        for (var i = 0; i < SignatureHexLength; i++)
        {
            // Non-ASCII characters become a byte that no hex digit has, so they can never match.
            var c = signature[i];
            given[i] = c < 128 ? (byte)char.ToLowerInvariant(c) : (byte)0xFF;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Verifies the signature over <paramref name="encrypt"/>, then decrypts it to the message's UTF-8 bytes.</summary>
    public byte[] VerifyAndDecrypt(string? signature, string timestamp, string nonce, string encrypt)
    {
        if (!VerifySignature(signature, timestamp, nonce, encrypt))
        {
            throw new CallbackException(CallbackErrorKind.ValidateSignature, "msg_signature does not match.");
        }

        return Decrypt(encrypt);
    }

    /// <summary>Decrypts base64 <paramref name="encrypt"/> and returns the message bytes after checking length field, padding and receive id.</summary>
    public byte[] Decrypt(string encrypt)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(PadBlock, (encrypt.Length / 4 * 3) + 3));
        try
        {
            if (!Convert.TryFromBase64String(encrypt, rented, out var length))
            {
                throw new CallbackException(CallbackErrorKind.DecodeBase64, "Encrypt is not valid base64.");
            }

            if (length == 0 || length % PadBlock != 0)
            {
                throw new CallbackException(CallbackErrorKind.DecryptAes, $"Ciphertext of {length} bytes is not a multiple of {PadBlock}.");
            }

            var plain = rented.AsSpan(0, length);
            using (var aes = CreateAes())
            {
                aes.DecryptCbc(plain, _iv, plain, PaddingMode.None);
            }

            return Unwrap(plain);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Encrypts <paramref name="message"/> as WeCom expects and returns the base64 ciphertext.</summary>
    public string Encrypt(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageLength = Encoding.UTF8.GetByteCount(message);
        var contentLength = RandomLength + LengthFieldLength + messageLength + _receiveId.Length;
        var pad = PadBlock - (contentLength % PadBlock);
        var total = contentLength + pad;
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var buffer = rented.AsSpan(0, total);
            _fillRandom(buffer[..RandomLength]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(RandomLength, LengthFieldLength), (uint)messageLength);
            Encoding.UTF8.GetBytes(message, buffer.Slice(RandomLength + LengthFieldLength, messageLength));
            _receiveId.CopyTo(buffer[(contentLength - _receiveId.Length)..]);
            buffer[contentLength..].Fill((byte)pad);
            using (var aes = CreateAes())
            {
                aes.EncryptCbc(buffer, _iv, buffer, PaddingMode.None);
            }

            return Convert.ToBase64String(buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private byte[] Unwrap(ReadOnlySpan<byte> plain)
    {
        int pad = plain[^1];
        if (pad is < 1 or > PadBlock || plain[^pad..].IndexOfAnyExcept((byte)pad) >= 0)
        {
            throw new CallbackException(CallbackErrorKind.DecryptAes, "Bad padding after decryption.");
        }

        var content = plain[..^pad];
        if (content.Length < RandomLength + LengthFieldLength)
        {
            throw new CallbackException(CallbackErrorKind.IllegalBuffer, "Plaintext is shorter than its header.");
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, LengthFieldLength));
        var rest = content[(RandomLength + LengthFieldLength)..];
        if (messageLength > (uint)rest.Length)
        {
            throw new CallbackException(CallbackErrorKind.IllegalBuffer, "The length field points past the buffer.");
        }

        var receiveId = rest[(int)messageLength..];
        if (!CryptographicOperations.FixedTimeEquals(receiveId, _receiveId))
        {
            throw new CallbackException(CallbackErrorKind.ValidateReceiveId, "The receive id is not ours.");
        }

        return rest[..(int)messageLength].ToArray();
    }

    private void ComputeSignature(string timestamp, string nonce, string encrypt, Span<byte> hexDestination)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(encrypt);
        Span<string> parts = [_token, timestamp, nonce, encrypt];
        parts.Sort(string.CompareOrdinal);

        var byteCount = 0;
        foreach (var part in parts)
        {
            byteCount += Encoding.UTF8.GetByteCount(part);
        }

        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = 0;
            foreach (var part in parts)
            {
                written += Encoding.UTF8.GetBytes(part, rented.AsSpan(written));
            }

            Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
            SHA1.HashData(rented.AsSpan(0, written), hash);
            Convert.TryToHexStringLower(hash, hexDestination, out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // SymmetricAlgorithm instances are not documented as thread-safe, so each call gets its own.
    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
