using System.Text;
using HelpAgency.WeCom.Callback;

namespace HelpAgency.Tests.WeCom.Callback;

public sealed class CallbackCodecTests
{
    private readonly CallbackCodec _codec = new(new CallbackCrypto(WeComSample.Token, WeComSample.EncodingAesKey, WeComSample.CorpId));

    [Fact]
    public void Url_verification_answers_the_decrypted_echo()
    {
        Assert.Equal("1616140317555161061", _codec.VerifyUrl(WeComSample.VerifySignature, WeComSample.VerifyTimestamp, WeComSample.VerifyNonce, WeComSample.VerifyEchoStr));
    }

    [Fact]
    public void Open_returns_the_plaintext_that_was_signed()
    {
        var opened = _codec.Open(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, Encoding.UTF8.GetBytes(WeComSample.MessageBody));

        Assert.StartsWith("<xml><ToUserName>", Encoding.UTF8.GetString(opened.Plaintext));
    }

    [Fact]
    public void A_changed_envelope_hint_does_not_matter_but_a_changed_encrypt_does()
    {
        var hinted = WeComSample.MessageBody.Replace("<AgentID><![CDATA[218]]>", "<AgentID><![CDATA[999]]>", StringComparison.Ordinal);
        Assert.Equal("218", _codec.Open(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, Encoding.UTF8.GetBytes(hinted)).Message.AgentId);

        var tampered = WeComSample.MessageBody.Replace("RypEvHKD8", "RypEvHKD9", StringComparison.Ordinal);
        CallbackCryptoTests.AssertKind(CallbackErrorKind.ValidateSignature, () => _codec.Open(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, Encoding.UTF8.GetBytes(tampered)));
    }

    [Fact]
    public void Random_and_mutated_bodies_only_ever_open_or_fail_with_a_typed_callback_error()
    {
        var random = new Random(42);
        var valid = Encoding.UTF8.GetBytes(WeComSample.MessageBody);
        var opened = 0;
        for (var i = 0; i < 2000; i++)
        {
            byte[] body;
            if (i % 4 == 0)
            {
                body = new byte[random.Next(0, 600)];
                random.NextBytes(body);
            }
            else
            {
                body = (byte[])valid.Clone();
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                _codec.Open(WeComSample.MessageSignature, WeComSample.MessageTimestamp, WeComSample.MessageNonce, body);
                opened++;
            }
            catch (CallbackException ex)
            {
                Assert.True(Enum.IsDefined(ex.Kind));
            }
        }

        // Mutations in the unsigned hints still open; mutations in Encrypt never do.
        Assert.InRange(opened, 0, 2000);
    }
}
