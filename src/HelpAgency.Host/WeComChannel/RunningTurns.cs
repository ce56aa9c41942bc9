using HelpAgency.Core.Conversation;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// WeCom turns that outran their callback keep running in the background; on shutdown the host waits for them, so
/// that what they decided (state, ledger, their replies in the outbox) is committed before it stops.
/// </summary>
internal sealed class RunningTurns(ILogger<RunningTurns> logger) : IHostedService
{
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _turns = [];

    /// <summary>Keeps <paramref name="turn"/> in view until it ends; a failure is logged here, where no caller waits for it any more.</summary>
    public Task<TurnResult> Track(Task<TurnResult> turn)
    {
        lock (_lock)
        {
            _turns.Add(turn);
        }

        turn.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _turns.Remove(t);
                }

                if (t.IsFaulted)
                {
                    logger.LogError(t.Exception, "A WeCom turn failed");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return turn;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
        {
            running = [.. _turns];
        }

        if (running.Length > 0)
        {
            logger.LogInformation("Waiting for {Count} WeCom turn(s) to commit before stopping", running.Length);
            await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
