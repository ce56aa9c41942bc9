using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the approval catalog, the working-day calendar and the plan calculator as singletons, read
    /// from the "Catalog" section once, when first resolved (resolve them at start to fail early on bad content).
    /// </summary>
    public static IServiceCollection AddHelpAgencyCatalog(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<CatalogOptions>()
            .Bind(configuration.GetSection(CatalogOptions.Section))
            .PostConfigure(o => o.BasePath = contentRoot)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddSingleton(sp => ApprovalCatalog.Load(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.FullPath));
        services.AddSingleton(sp => WorkingDayCalendar.Load(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.FullHolidaysPath));
        services.AddSingleton<CasePlanCalculator>();
        return services;
    }
}
