using HelpAgency.WeCom;

namespace HelpAgency.Tests.WeCom;

public sealed class WeComOptionsValidatorTests
{
    private readonly WeComOptionsValidator _validator = new();

    [Fact]
    public void No_WeCom_keys_at_all_is_valid_and_leaves_the_channel_off()
    {
        var options = new WeComOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void A_complete_section_is_valid_and_turns_the_channel_on()
    {
        var options = Complete();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void A_partial_section_fails_naming_every_missing_key()
    {
        var options = new WeComOptions { CorpId = "ww1", Token = "t" };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "WeCom:AgentId", "WeCom:Secret", "WeCom:EncodingAESKey" })
        {
            Assert.Contains(key, result.FailureMessage);
        }

        Assert.DoesNotContain("WeCom:CorpId", result.FailureMessage);
    }

    [Theory]
    [InlineData("EncodingAESKey", "too-short")]
    [InlineData("ApiBaseUrl", "not a url")]
    [InlineData("CallbackPath", "wecom/callback")]
    [InlineData("ReplyBudgetMilliseconds", "5000")]
    [InlineData("ReplyBudgetMilliseconds", "0")]
    [InlineData("MaxTimestampSkewSeconds", "-1")]
    [InlineData("ApiMaxRetries", "9")]
    public void A_setting_that_cannot_work_fails_naming_it(string key, string value)
    {
        var options = Complete();
        var property = typeof(WeComOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("WeCom:" + key, result.FailureMessage);
    }

    private static WeComOptions Complete() => new()
    {
        CorpId = "ww1",
        AgentId = 1000002,
        Secret = "s",
        Token = "t",
        EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    };
}
