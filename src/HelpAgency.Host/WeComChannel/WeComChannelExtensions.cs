using HelpAgency.WeCom;
using HelpAgency.WeCom.Callback;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.WeComChannel;

public static class WeComChannelExtensions
{
    /// <summary>
    /// Registers the WeCom channel: options (validated at start), callback codec, handler, API client and
    /// the turns it keeps running past the callback. Nothing runs and no endpoint is mapped unless the section is complete.
    /// </summary>
    public static IServiceCollection AddWeComChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WeComOptions>().Bind(configuration.GetSection(WeComOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WeComOptions>>().Value;
            return new CallbackCodec(new CallbackCrypto(options.Token!, options.EncodingAESKey!, options.CorpId!));
        });
        services.AddWeComApi();
        services.AddSingleton<WeComCallbackHandler>();
        services.AddSingleton<RunningTurns>();
        services.AddHostedService(sp => sp.GetRequiredService<RunningTurns>());
        services.AddHostedService<EarlierPendingReplies>();
        return services;
    }
}
