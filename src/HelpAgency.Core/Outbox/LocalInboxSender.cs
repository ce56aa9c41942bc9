using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Outbox;

/// <summary>
/// The local channel: a push is a row in the recipient's inbox, written with its "sent" mark. A group chat has no
/// place of its own here, so its messages reach each member's inbox and its creation shows nothing.
/// </summary>
public sealed class LocalInboxSender : IPushSender
{
    public bool SendsInTransaction => true;

    public async Task<PushResult> SendAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var at = message.NextAttemptAt > message.CreatedAt ? message.NextAttemptAt : message.CreatedAt;
        if (GroupChat.TryGetChatId(message.Recipient, out var chatId))
        {
            if (message.Type == GroupChat.CreateType)
            {
                return PushResult.Ok($"local-chat:{chatId}");
            }

            var ids = new List<long>();
            var members = OutboxPayload.Read(message.Type, message.Content) is MarkdownPayload { Members: { } list } ? list : [];
            foreach (var member in members.Where(m => m.Length > 0))
            {
                ids.Add(await work.Inbox.AppendAsync(member, message.Type, message.Content, at, cancellationToken));
            }

            return PushResult.Ok($"inbox:{string.Join(',', ids)}");
        }

        // The local inbox cannot change a message already shown, so a card update arrives as a note of its own.
        var type = message.Type == CardUpdatePayload.TypeName ? ReplyTypes.Text : message.Type;
        var id = await work.Inbox.AppendAsync(message.Recipient, type, message.Content, at, cancellationToken);
        return PushResult.Ok($"inbox:{id}");
    }
}
