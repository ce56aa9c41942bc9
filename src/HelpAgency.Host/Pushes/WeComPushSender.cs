using System.Text.Json;
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
        var body = JsonDocument.Parse(message.Content).RootElement;
        var text = body.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        if (GroupChat.TryGetChatId(message.Recipient, out var chatId))
        {
            return await SendToGroupAsync(chatId, message.Type, body, text, cancellationToken);
        }

        if (message.Type == "card_update")
        {
            // Replace the clicked card's buttons with who did what; the response code is single-use.
            var update = new TemplateCardUpdate([message.Recipient], body.GetProperty("response_code").GetString()!) { ReplaceButtonText = text };
            var updated = await client.UpdateTemplateCardAsync(update, cancellationToken);
            return updated.IsSuccess ? PushResult.Ok(updated.MsgId) : Failed(updated);
        }

        var content = message.Type switch
        {
            "text" => MessageContent.Text(text),
            "card" => MessageContent.ButtonCard(new TemplateCard(
                body.GetProperty("task_id").GetString()!,
                body.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "",
                text,
                [.. body.GetProperty("buttons").EnumerateArray().Select(b => new TemplateCardButton(b.GetProperty("text").GetString()!, b.GetProperty("key").GetString()!))])),
            _ => MessageContent.Markdown(text),
        };
        var result = await client.SendMessageAsync(AppMessage.ToUsers(content, message.Recipient) with { DuplicateCheckInterval = PushOptions.DuplicateCheckIntervalFor(message.Id) }, cancellationToken);
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

    /// <summary>
    /// A refusal by WeCom: retried when it may pass later, including a rejected token (the client refreshed it once and
    /// WeCom still refused, as it does while a new secret spreads), for good otherwise.
    /// </summary>
    private static PushResult Failed(WeComResult result) =>
        result.IsTransient || WeComErrorCodes.MeansTokenRejected(result.ErrCode) ? PushResult.Retry(result.ToString()) : PushResult.Fail(result.ToString());

    /// <summary>A meeting's group: created with our own chat id (so a retried create finds it made), then posted to.</summary>
    private async Task<PushResult> SendToGroupAsync(string chatId, string type, JsonElement body, string text, CancellationToken cancellationToken)
    {
        if (type == GroupChat.CreateType)
        {
            var members = body.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList();
            var created = await client.CreateAppChatAsync(body.GetProperty("name").GetString()!, body.GetProperty("owner").GetString()!, members, chatId, cancellationToken);
            return created.IsSuccess || created.ErrCode == WeComErrorCodes.ChatIdExists ? PushResult.Ok(chatId) : Failed(created);
        }

        var sent = await client.SendAppChatAsync(chatId, type == "text" ? MessageContent.Text(text) : MessageContent.Markdown(text), cancellationToken);
        return sent.IsSuccess ? PushResult.Ok(chatId) : Failed(sent);
    }
}
