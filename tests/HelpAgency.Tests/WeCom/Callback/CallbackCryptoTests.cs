using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Tests.WeCom.Callback;

public sealed class CallbackCryptoTests
{
    private readonly CallbackCrypto _crypto = new(WeComSample.Token, WeComSample.EncodingAesKey, WeComSample.CorpId);

    [Fact]
    public void The_published_URL_verification_sample_verifies_and_decrypts_to_its_echo()
    {
        var echo = _crypto.VerifyAndDecrypt(WeComSample.VerifySignature, WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr);

        Assert.Equal("1616140317555161061", Encoding.UTF8.GetString(echo));
    }

    [Fact]
    public void The_published_message_sample_whose_pad_is_30_bytes_decrypts()
    {
        var codec = new CallbackCodec(_crypto);

        var opened = codec.Open(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, Encoding.UTF8.GetBytes(WeComSample.MessageBody));

        Assert.Equal("hello", opened.Message.Content);
        Assert.Equal("mycreate", opened.Message.FromUserName);
        Assert.Equal("4561255354251345929", opened.Message.MsgId);
        Assert.Equal("218", opened.Message.AgentId);
    }

    [Fact]
    public void Sign_is_the_sha1_of_the_sorted_parts_in_lowercase_hex()
    {
        Assert.Equal(WeComSample.VerifySignature, _crypto.Sign(WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)] // 16 + 4 + 12 + 18-byte corp id = 50: pads 14
    [InlineData(26)] // 16 + 4 + 26 + 18 = 64: an exact multiple of 32, so a whole block of 32-byte padding
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(58)] // 96
    [InlineData(1000)]
    [InlineData(4096)]
    public void Round_trip_restores_the_message_for_sizes_including_zero_and_block_multiples(int size)
    {
        var message = new string('办', size / 3) + new string('a', size % 3);

        var encrypt = _crypto.Encrypt(message);

        Assert.Equal(0, Convert.FromBase64String(encrypt).Length % 32);
        Assert.Equal(message, Encoding.UTF8.GetString(_crypto.Decrypt(encrypt)));
    }

    [Fact]
    public void Round_trip_holds_for_random_messages()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 300; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0x20, 0xD7FF);
            }

            var message = new string(chars);
            Assert.Equal(message, Encoding.UTF8.GetString(_crypto.Decrypt(_crypto.Encrypt(message))));
        }
    }

    [Fact]
    public void A_plaintext_that_fills_whole_blocks_gets_a_full_32_byte_pad()
    {
        // 16 + 4 + 26 + 18 = 64 bytes of content.
        var plain = DecryptRaw(_crypto.Encrypt(new string('x', 26)));

        Assert.Equal(96, plain.Length);
        Assert.All(plain[64..], b => Assert.Equal(32, b));
    }

    [Fact]
    public void Two_encryptions_of_one_message_differ_by_their_random_prefix()
    {
        Assert.NotEqual(_crypto.Encrypt("same"), _crypto.Encrypt("same"));
    }

    [Fact]
    public void A_forged_signature_is_refused_as_a_signature_error()
    {
        var forged = "0" + WeComSample.VerifySignature[1..];

        AssertKind(CallbackErrorKind.ValidateSignature, () => _crypto.VerifyAndDecrypt(forged, WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd")]
    [InlineData("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd30")]
    [InlineData("５c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3")]
    public void A_missing_or_malformed_signature_is_refused_as_a_signature_error(string? signature)
    {
        AssertKind(CallbackErrorKind.ValidateSignature, () => _crypto.VerifyAndDecrypt(signature, WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Fact]
    public void A_signature_over_another_timestamp_is_refused()
    {
        AssertKind(CallbackErrorKind.ValidateSignature, () => _crypto.VerifyAndDecrypt(WeComSample.VerifySignature, "1409659590", WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Fact]
    public void An_uppercase_signature_is_the_same_signature()
    {
        Assert.True(_crypto.VerifySignature(WeComSample.VerifySignature.ToUpperInvariant(), WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Fact]
    public void A_message_for_another_corp_is_refused_as_a_receive_id_error()
    {
        var other = new CallbackCrypto(WeComSample.Token, WeComSample.EncodingAesKey, "ww0000000000000000");

        AssertKind(CallbackErrorKind.ValidateReceiveId, () => _crypto.Decrypt(other.Encrypt("<xml/>")));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("abc")]
    [InlineData("QUJD=QUJD")]
    public void Malformed_base64_is_refused_as_a_base64_error(string encrypt)
    {
        AssertKind(CallbackErrorKind.DecodeBase64, () => _crypto.Decrypt(encrypt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(48)]
    public void Ciphertext_of_a_wrong_length_is_refused_as_a_decrypt_error(int length)
    {
        AssertKind(CallbackErrorKind.DecryptAes, () => _crypto.Decrypt(Convert.ToBase64String(new byte[length])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void A_pad_value_outside_1_to_32_is_refused_as_a_decrypt_error(byte pad)
    {
        var plain = Plaintext("<xml/>"u8, WeComSample.CorpId, 64);
        plain[^1] = pad;

        AssertKind(CallbackErrorKind.DecryptAes, () => _crypto.Decrypt(EncryptRaw(plain)));
    }

    [Fact]
    public void Pad_bytes_that_disagree_are_refused_as_a_decrypt_error()
    {
        var plain = Plaintext("<xml/>"u8, WeComSample.CorpId, 64);
        var pad = plain[^1];
        plain[^pad] ^= 1;

        AssertKind(CallbackErrorKind.DecryptAes, () => _crypto.Decrypt(EncryptRaw(plain)));
    }

    [Fact]
    public void A_length_field_past_the_buffer_is_refused_as_an_illegal_buffer()
    {
        var plain = Plaintext("<xml/>"u8, WeComSample.CorpId, 64);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), 1000);

        AssertKind(CallbackErrorKind.IllegalBuffer, () => _crypto.Decrypt(EncryptRaw(plain)));
    }

    [Fact]
    public void A_huge_length_field_does_not_overflow_into_acceptance()
    {
        var plain = Plaintext("<xml/>"u8, WeComSample.CorpId, 64);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), uint.MaxValue);

        AssertKind(CallbackErrorKind.IllegalBuffer, () => _crypto.Decrypt(EncryptRaw(plain)));
    }

    [Fact]
    public void A_plaintext_shorter_than_its_header_is_refused_as_an_illegal_buffer()
    {
        var plain = new byte[32];
        plain.AsSpan(16).Fill(16);

        AssertKind(CallbackErrorKind.IllegalBuffer, () => _crypto.Decrypt(EncryptRaw(plain)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2CC")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!")]
    public void An_encoding_aes_key_that_is_not_43_base64_characters_is_an_illegal_key(string key)
    {
        AssertKind(CallbackErrorKind.IllegalAesKey, () => new CallbackCrypto(WeComSample.Token, key, WeComSample.CorpId));
    }

    [Fact]
    public void The_random_prefix_can_be_fixed_for_a_repeatable_ciphertext()
    {
        var fixedRandom = new CallbackCrypto(WeComSample.Token, WeComSample.EncodingAesKey, WeComSample.CorpId, span => span.Fill(7));

        Assert.Equal(fixedRandom.Encrypt("same"), fixedRandom.Encrypt("same"));
    }

    internal static void AssertKind(CallbackErrorKind kind, Action action)
    {
        var error = Assert.Throws<CallbackException>(action);
        Assert.Equal(kind, error.Kind);
        Assert.Equal((int)kind, error.Code);
    }

    private static byte[] KeyBytes => Convert.FromBase64String(WeComSample.EncodingAesKey + "=");

    private static byte[] Plaintext(ReadOnlySpan<byte> message, string receiveId, int total)
    {
        var id = Encoding.UTF8.GetBytes(receiveId);
        var plain = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16, 4), (uint)message.Length);
        message.CopyTo(plain.AsSpan(20));
        id.CopyTo(plain.AsSpan(20 + message.Length));
        var content = 20 + message.Length + id.Length;
        plain.AsSpan(content).Fill((byte)(total - content));
        return plain;
    }

    private static string EncryptRaw(byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = KeyBytes;
        return Convert.ToBase64String(aes.EncryptCbc(plain, KeyBytes[..16], PaddingMode.None));
    }

    private static byte[] DecryptRaw(string encrypt)
    {
        using var aes = Aes.Create();
        aes.Key = KeyBytes;
        return aes.DecryptCbc(Convert.FromBase64String(encrypt), KeyBytes[..16], PaddingMode.None);
    }
}
