using HelpAgency.Core.Conversation;

namespace HelpAgency.Storage;

/// <summary>
/// A turn's opening and closing statements one by one, through the unit's repositories: on SQLite each is a call into
/// the process, so sending them together would save nothing. A lost claim reads nothing more.
/// </summary>
internal sealed class TurnStore(UnitOfWork work) : ITurnStore
{
    public async Task<TurnStart> StartAsync(string userId, string? deliveryKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (deliveryKey is not null && !await work.Callbacks.TryStartAsync(deliveryKey, userId, now, cancellationToken))
        {
            return new TurnStart(Claimed: false, null, ConversationState.Empty(userId));
        }

        var user = await work.Users.FindAsync(userId, cancellationToken);
        return new TurnStart(Claimed: true, user, await work.Conversations.GetAsync(userId, cancellationToken));
    }

    public async Task FinishAsync(ConversationSave? save, DeliveryOutcome? outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (save is not null)
        {
            await work.Conversations.SaveAsync(save.Read, save.StateJson, now, cancellationToken);
        }

        if (outcome is not null)
        {
            await work.Callbacks.CompleteAsync(outcome.Key, outcome.Status, outcome.RepliesJson, now, cancellationToken);
            foreach (var message in outcome.Messages)
            {
                await work.Outbox.EnqueueAsync(message, cancellationToken);
            }
        }

        await work.CommitAsync(cancellationToken);
    }
}
