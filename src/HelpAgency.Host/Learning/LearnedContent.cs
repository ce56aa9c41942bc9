using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.Learning;

/// <summary>
/// Keeps this host's recognition current with what supervisors have taught on any host: at start, after each lesson
/// given here, and by a look at the database every <see cref="PollInterval"/> (one indexed MAX a poll).
/// </summary>
public sealed class LearnedContent(IUnitOfWorkFactory database, RecognitionModel model, TimeProvider clock, ILogger<LearnedContent> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Rebuilds the recognition when the database holds lessons this host has not built in; returns whether it did.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var work = await database.BeginReadAsync(cancellationToken);
        if (await work.MissedQuestions.LastLearnedAsync(cancellationToken) <= model.Version)
        {
            return false;
        }

        var learned = await work.MissedQuestions.LearnedAsync(cancellationToken);
        model.Learn(learned);
        logger.LogInformation("Recognition rebuilt with {Count} learned phrasings", learned.Count);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Reading learned phrasings failed; trying again at the next poll");
                await Task.Delay(PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
