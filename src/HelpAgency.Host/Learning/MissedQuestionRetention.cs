using HelpAgency.Core.Persistence;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Learning;

/// <summary>Deletes the missed questions older than <see cref="MissedQuestionOptions.RetentionDays"/>: at start, then every <see cref="Interval"/>
/// (unless <see cref="MissedQuestionOptions.RunInBackground"/> is off).</summary>
public sealed class MissedQuestionRetention(
    IUnitOfWorkFactory database,
    IOptions<MissedQuestionOptions> options,
    TimeProvider clock,
    ILogger<MissedQuestionRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes what is past the retention now; returns how many.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var purged = await work.MissedQuestions.PurgeAsync(clock.GetUtcNow().AddDays(-options.Value.RetentionDays), cancellationToken);
        await work.CommitAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Deleted {Count} missed questions past their retention", purged);
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        // Leave the host's start first, as the other loops do.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Deleting old missed questions failed; trying again later");
            }

            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
