using HelpAgency.Core;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Recognition;
using HelpAgency.Host.Http;
using HelpAgency.Storage.Migrations;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Startup;

/// <summary>
/// Prepares the host before it takes traffic: migrates the database, loads and validates the dialog content
/// and the catalog, writes the configured staff, and seeds the demo on a fresh database, so a bad schema
/// or a bad YAML file stops the start with a clear message instead of failing a user's turn.
/// </summary>
internal sealed class StartupTasks(
    MigrationRunner migrations,
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<StaffOptions> staff,
    IUnitOfWorkFactory database,
    TimeProvider clock,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrations.RunAsync(cancellationToken);
        _ = services.GetRequiredService<ApprovalCatalog>();
        // What the console and the HTTP API say, checked now rather than at the first request that needs it.
        _ = services.GetRequiredService<ConsoleTexts>();
        _ = services.GetRequiredService<CaseQueries>();
        var calendar = services.GetRequiredService<WorkingDayCalendar>();
        if (calendar.FirstYearMissingWithin(ChinaTime.Today(clock.GetUtcNow()), 12) is { } missing)
        {
            logger.LogWarning(
                "The public-holiday calendar ({File}) has no {Year}: case plans reaching into it count Monday to Friday only. Add {Year} when the State Council publishes its holiday notice.",
                WorkingDayCalendar.FileName, missing, missing);
        }

        _ = services.GetRequiredService<IBot>();

        if (staff.Value.Members.Count > 0)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            foreach (var member in staff.Value.Members)
            {
                await work.Staff.UpsertAsync(member.ToMember(), clock.GetUtcNow(), cancellationToken);
            }

            await work.CommitAsync(cancellationToken);
        }

        if (configuration.GetValue("Demo:Seed", false))
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
        _ = services.GetRequiredService<IntentRecognizer>();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
