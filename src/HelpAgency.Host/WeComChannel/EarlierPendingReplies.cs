using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Replies left waiting on their callback record by the earlier design (which sent them from there) are handed to the
/// outbox once, at start, under the keys a turn gives them now, so a second start or a second host queues nothing twice.
/// </summary>
internal sealed class EarlierPendingReplies(IUnitOfWorkFactory database, INotifier outbox, TimeProvider clock, ILogger<EarlierPendingReplies> logger) : IHostedService
{
    private const int Batch = 200;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        while (true)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            var pending = await work.Callbacks.ListPendingAsync(Batch, cancellationToken);
            if (pending.Count == 0)
            {
                break;
            }

            var now = clock.GetUtcNow();
            foreach (var record in pending)
            {
                var replies = StoredReplies.Deserialize(record.RepliesJson);
                for (var i = 0; i < replies.Count; i++)
                {
                    await outbox.NotifyAsync(work, record.UserId, replies[i], now, cancellationToken, urgent: true, key: $"reply:{record.Key}:{i}");
                }

                await work.Callbacks.CompleteAsync(record.Key, CallbackStatus.Sent, record.RepliesJson, now, cancellationToken);
            }

            await work.CommitAsync(cancellationToken);
            moved += pending.Count;
        }

        if (moved > 0)
        {
            logger.LogInformation("Handed the replies of {Count} earlier WeCom deliveries to the outbox", moved);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
