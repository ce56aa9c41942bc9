using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.WeCom.Api;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// Sends outbox messages as WeCom application messages. Every message/send asks for WeCom's duplicate check (the same
/// request to the same member within <see cref="PushOptions.DuplicateCheckIntervalFor"/> the row) from its first attempt,
/// and the request is built from the stored row alone, the same on every attempt: the second guard behind the outbox lease, against a copy
/// after a crash or a timeout.
/// </summary>
public sealed class WeComPushSender(WeComApiClient client) : IPushSender
{
    public bool SendsInTransaction => false;

    public async Task<PushResult> SendAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken)
    {
        var payload = OutboxPayload.Read(message.Type, message.Content);
        if (GroupChat.TryGetChatId(message.Recipient, out var chatId))
        {
            return await SendToGroupAsync(chatId, payload, cancellationToken);
        }

        if (payload is CardUpdatePayload update)
        {
            // Replace the clicked card's buttons with who did what; the response code is single-use.
            var updated = await client.UpdateTemplateCardAsync(new TemplateCardUpdate([message.Recipient], update.ResponseCode) { ReplaceButtonText = update.Text }, cancellationToken);
            return updated.IsSuccess ? PushResult.Ok(updated.MsgId) : Failed(updated);
        }

        IReadOnlyList<MessageContent> contents = payload is CardPayload card
            ? [MessageContent.ButtonCard(new TemplateCard(card.TaskId, card.Title ?? "", card.Text, [.. card.Buttons.Select(b => new TemplateCardButton(b.Text, b.Key))]))]
            : Parts(payload, "a member");

        // Content over WeCom's limit goes as several messages, in order. Every attempt sends all of them, the same each
        // time: the duplicate check drops the parts that arrived before an attempt failed.
        MessageSendResult result = null!;
        foreach (var content in contents)
        {
            result = await client.SendMessageAsync(AppMessage.ToUsers(content, message.Recipient) with { DuplicateCheckInterval = PushOptions.DuplicateCheckIntervalFor(message.Id) }, cancellationToken);
            if (!result.IsSuccess || result.IsPartialFailure)
            {
                break;
            }
        }

        if (result.IsSuccess && !result.IsPartialFailure)
        {
            return PushResult.Ok(result.MsgId);
        }

        if (result.IsSuccess)
        {
            // WeCom accepted the call but not this member (left the company, not in the app's visible range).
            return PushResult.Fail($"WeCom did not deliver to {message.Recipient}: invalid users {string.Join('|', result.InvalidUsers)}");
        }

        return Failed(result);
    }

    /// <summary>A meeting's group: created with our own chat id (so a retried create finds it made), then posted to.</summary>
    private async Task<PushResult> SendToGroupAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken)
    {
        if (payload is GroupCreatePayload group)
        {
            var created = await client.CreateAppChatAsync(group.Name, group.Owner, group.Members, chatId, cancellationToken);
            return created.IsSuccess || created.ErrCode == WeComErrorCodes.ChatIdExists ? PushResult.Ok(chatId) : Failed(created);
        }

        foreach (var content in Parts(payload, "a group chat"))
        {
            var sent = await client.SendAppChatAsync(chatId, content, cancellationToken);
            if (!sent.IsSuccess)
            {
                return Failed(sent);
            }
        }

        return PushResult.Ok(chatId);
    }

    /// <summary>
    /// A refusal by WeCom: retried when it may pass later, including a rejected token (the client refreshed it once and
    /// WeCom still refused, as it does while a new secret spreads), for good otherwise.
    /// </summary>
    private static PushResult Failed(WeComResult result) =>
        result.IsTransient || WeComErrorCodes.MeansTokenRejected(result.ErrCode) ? PushResult.Retry(result.ToString()) : PushResult.Fail(result.ToString());

    /// <summary>A text or markdown message as the messages WeCom's content limit allows, in order.</summary>
    private static IReadOnlyList<MessageContent> Parts(OutboxPayload payload, string destination) => payload switch
    {
        TextPayload text => [.. MessageLimits.Split(text.Text).Select(MessageContent.Text)],
        MarkdownPayload markdown => [.. MessageLimits.Split(markdown.Text).Select(MessageContent.Markdown)],
        _ => throw new InvalidOperationException($"A {payload.Type} message cannot go to {destination}."),
    };
}
