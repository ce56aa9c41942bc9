using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// The lease on one claimed batch while it is being sent: renewed every third of its length, so a slow batch
/// keeps its messages, and <see cref="Expiring"/> cancels a little before the last lease the database
/// granted ends, so that no send outlives it (once it ends, another dispatcher may take the message).
/// </summary>
internal sealed class OutboxLease : IAsyncDisposable
{
    private readonly IUnitOfWorkFactory _database;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _length;
    private readonly TimeSpan _margin;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _expiring;
    private readonly CancellationTokenSource _stop;
    private readonly Task _renewing;

    public OutboxLease(string owner, IReadOnlyCollection<long> ids, DateTimeOffset until, IUnitOfWorkFactory database, TimeProvider clock, TimeSpan length, ILogger logger, CancellationToken cancellationToken)
    {
        Owner = owner;
        Ids = ids;
        _database = database;
        _clock = clock;
        _length = length;
        _margin = length / 6;
        _logger = logger;
        _expiring = new CancellationTokenSource(Remaining(until), clock);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewing = RenewAsync(_stop.Token);
    }

    public string Owner { get; }

    public IReadOnlyCollection<long> Ids { get; }

    /// <summary>Cancelled when the lease is about to run out unrenewed: sends stop, and none starts.</summary>
    public CancellationToken Expiring => _expiring.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
            // The batch is done or the dispatcher stops; either way renewing ends here.
        }

        _stop.Dispose();
        _expiring.Dispose();
    }

    private TimeSpan Remaining(DateTimeOffset until)
    {
        var left = until - _margin - _clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        // A periodic timer, not a delay a round: a tick that falls while a renewal runs is kept, not lost.
        using var timer = new PeriodicTimer(_length / 3, _clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                var until = _clock.GetUtcNow() + _length;
                await using var work = await _database.BeginAsync(cancellationToken);
                await work.Outbox.RenewAsync(Owner, Ids, until, cancellationToken);
                await work.CommitAsync(cancellationToken);
                _expiring.CancelAfter(Remaining(until));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unrenewed, the lease runs down and Expiring stops the sends before another dispatcher may take them.
                _logger.LogWarning(ex, "Could not renew the lease of outbox batch {Owner}", Owner);
            }
        }
    }
}
