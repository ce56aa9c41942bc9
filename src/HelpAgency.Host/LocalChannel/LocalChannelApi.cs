using System.Text.Json;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Http;

namespace HelpAgency.Host.LocalChannel;

/// <summary>
/// The local channel: chat as any user over JSON and read what was pushed to them, so the whole service
/// runs on one machine without a WeCom account.
/// </summary>
public static class LocalChannelApi
{
    /// <summary>The channel name turns from here carry.</summary>
    public const string Channel = "local";

    /// <summary>The longest text a user may send in one message.</summary>
    public const int MaxTextLength = 2000;

    public const int DefaultInboxPage = 100;

    public const int MaxInboxPage = 500;

    private static readonly HashSet<string> Events = new(StringComparer.Ordinal) { "enter_agent", "click", "template_card_event" };

    public static IEndpointRouteBuilder MapLocalChannelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/chat", ChatAsync);
        api.MapGet("/inbox/{user}", InboxAsync);
        return app;
    }

    private static async Task<IResult> ChatAsync(HttpRequest request, TurnProcessor turns, CancellationToken cancellationToken)
    {
        var (chat, error) = await JsonBody.ReadAsync<ChatRequest>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (Validate(chat!) is { } problem)
        {
            return ApiError.BadRequest(problem);
        }

        var activity = chat!.Event is { } name
            ? new Activity { Channel = Channel, UserId = chat.User!, EventName = name, EventKey = chat.Key, TaskId = chat.TaskId }
            : Activity.Message(Channel, chat.User!, chat.Text!);
        var result = await turns.ProcessAsync(activity, cancellationToken);
        return Results.Ok(new { replies = result.Replies });
    }

    private static string? Validate(ChatRequest chat)
    {
        if (LocalUserId.Check(chat.User) is { } userProblem)
        {
            return userProblem;
        }

        if (chat.Event is not null)
        {
            if (chat.Text is not null)
            {
                return "text 和 event 只能二选一。";
            }

            return Events.Contains(chat.Event) ? null : $"不支持的事件：{chat.Event}。";
        }

        if (string.IsNullOrWhiteSpace(chat.Text))
        {
            return "请输入要发送的内容（text）。";
        }

        return chat.Text.Length > MaxTextLength ? $"消息不能超过 {MaxTextLength} 个字。" : null;
    }

    private static async Task<IResult> InboxAsync(string user, string? after, string? limit, IUnitOfWorkFactory database, CancellationToken cancellationToken)
    {
        if (LocalUserId.Check(user) is { } userProblem)
        {
            return ApiError.BadRequest(userProblem);
        }

        long afterId = 0;
        if (after is not null && (!long.TryParse(after, out afterId) || afterId < 0))
        {
            return ApiError.BadRequest("after 必须是不小于 0 的整数。");
        }

        var pageSize = DefaultInboxPage;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxInboxPage))
        {
            return ApiError.BadRequest($"limit 必须是 1 到 {MaxInboxPage} 之间的整数。");
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var messages = await work.Inbox.ListAsync(user, afterId, pageSize, cancellationToken);
        return Results.Ok(new
        {
            messages = messages.Select(m => new
            {
                id = m.Id,
                time = m.CreatedAt,
                type = m.Type,
                content = JsonSerializer.Deserialize<JsonElement>(m.ContentJson),
            }),
        });
    }
}
