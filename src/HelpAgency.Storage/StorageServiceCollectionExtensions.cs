using HelpAgency.Core.Persistence;
using HelpAgency.Storage.Migrations;
using HelpAgency.Storage.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpAgency.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database, its migrations and the Dapper repositories behind the Core ports.</summary>
    public static IServiceCollection AddHelpAgencyStorage(this IServiceCollection services, IConfiguration configuration, string basePath)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .PostConfigure(o => o.BasePath = basePath)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<UnitOfWorkFactory>();
        services.AddSingleton<IUnitOfWorkFactory>(sp => sp.GetRequiredService<UnitOfWorkFactory>());
        services.AddSingleton<IDatabaseHealth, DatabaseHealth>();
        services.AddSingleton<DataProtectionKeyStore>();
        return services;
    }
}
