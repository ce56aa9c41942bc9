namespace HelpAgency.Host.LocalChannel;

public static class LocalChannelExtensions
{
    /// <summary>Registers the local channel's options, the decision of whom it acts as, and the warning about where it listens.</summary>
    public static IServiceCollection AddLocalChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalChannelOptions>().Bind(configuration.GetSection(LocalChannelOptions.Section));
        services.AddSingleton<LocalChannelAccess>();
        services.AddHostedService<LocalChannelExposure>();
        return services;
    }
}
