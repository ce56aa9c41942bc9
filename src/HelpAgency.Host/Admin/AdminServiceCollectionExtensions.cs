using HelpAgency.Core.Oversight;

namespace HelpAgency.Host.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>The staff console's reads, JSON shapes and per-call units of work.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<LedgerText>();
        services.AddSingleton<CaseJson>();
        services.AddSingleton<LedgerSheet>();
        services.AddSingleton<StaffWork>();
        return services;
    }
}
