using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Persistence;
using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Outbox;

/// <summary>Queues notices in the outbox inside the turn's transaction: a rolled-back turn tells nobody, a committed one tells once.</summary>
public sealed class OutboxNotifier(IOptions<PushOptions> options) : INotifier
{
    public async Task NotifyAsync(IUnitOfWork work, string userId, Reply message, DateTimeOffset now, CancellationToken cancellationToken, bool urgent = false, string? key = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var taskId = message.Type == ReplyTypes.Card ? $"task-{id}" : null;
        var content = JsonSerializer.Serialize(new { text = message.Text, title = message.Title, buttons = message.Buttons, taskId }, LedgerJson.Options);
        await work.Outbox.EnqueueAsync(
            new OutboxMessage(0, key ?? $"notice:{userId}:{id}", userId, message.Type, content, urgent, OutboxStatus.Pending, 0, now, urgent ? now : options.Value.NextAllowed(now)),
            cancellationToken);
    }
}
