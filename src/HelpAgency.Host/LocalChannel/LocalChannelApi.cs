using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Http;
using HelpAgency.Host.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.LocalChannel;

/// <summary>
/// The local channel: chat over JSON and read what was pushed, so the whole service runs on one machine without a
/// WeCom account. Whom a request acts as is <see cref="LocalChannelAccess"/>'s decision; with WeCom on and the channel
/// not enabled explicitly, every address here answers 404.
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
        var api = app.MapGroup("/api").RequireRateLimiting(RequestLimits.PerClientPolicy);
        api.MapGet("/chat/session", SessionAsync);
        api.MapPost("/chat", ChatAsync);
        api.MapGet("/inbox/{user}", InboxAsync);
        return app;
    }

    /// <summary>What the chat page needs to know: whether it may pick any user, else whom it acts as and its antiforgery token.</summary>
    private static async Task<Results<Ok<ChatSession>, JsonHttpResult<ApiError>>> SessionAsync(HttpContext context, LocalChannelAccess access)
    {
        if (access.Mode == LocalChannelMode.AnyUser)
        {
            return TypedResults.Ok(new ChatSession(AnyUser: true));
        }

        var (user, error) = await access.ActAsAsync(context, requested: null);
        return error is not null ? error : TypedResults.Ok(new ChatSession(AnyUser: false, user, Csrf.TokenFor(context)));
    }

    private static async Task<Results<Ok<ChatAnswer>, JsonHttpResult<ApiError>, RequestLimits.TooManyResult>> ChatAsync(
        JsonBody<ChatRequest> body, HttpContext context, LocalChannelAccess access, TurnLimits limits, TurnProcessor turns, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (access.Mode == LocalChannelMode.Off)
        {
            return access.NotServed;
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var chat = body.Value;
        var (user, refused) = await access.ActAsAsync(context, chat.User ?? (access.Mode == LocalChannelMode.SignedInStaff ? null : ""));
        if (refused is not null)
        {
            return refused;
        }

        if (Validate(chat, texts) is { } problem)
        {
            return problem;
        }

        if (!limits.TryAdmit(user!))
        {
            return RequestLimits.TooMany(texts.Text("error.too_fast"));
        }

        var activity = chat.Event is { } name
            ? new Activity { Channel = Channel, UserId = user!, EventName = name, EventKey = chat.Key, TaskId = chat.TaskId }
            : Activity.Message(Channel, user!, chat.Text!);
        var result = await turns.ProcessAsync(activity, cancellationToken);
        return TypedResults.Ok(new ChatAnswer(result.Replies));
    }

    private static JsonHttpResult<ApiError>? Validate(ChatRequest chat, ConsoleTexts texts)
    {
        if (chat.Event is not null)
        {
            if (chat.Text is not null)
            {
                return texts.BadRequest("error.chat_text_or_event");
            }

            return Events.Contains(chat.Event) ? null : texts.BadRequest("error.chat_event_unknown", ("event", chat.Event));
        }

        if (string.IsNullOrWhiteSpace(chat.Text))
        {
            return texts.BadRequest("error.chat_text_missing");
        }

        return chat.Text.Length > MaxTextLength ? texts.BadRequest("error.chat_text_too_long", ("max", MaxTextLength.ToString(CultureInfo.InvariantCulture))) : null;
    }

    private static async Task<Results<Ok<InboxPage>, JsonHttpResult<ApiError>>> InboxAsync(string user, string? after, string? limit, HttpContext context, LocalChannelAccess access,
        IUnitOfWorkFactory database, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        var (self, refused) = await access.ActAsAsync(context, user);
        if (refused is not null)
        {
            return refused;
        }

        long afterId = 0;
        if (after is not null && (!long.TryParse(after, out afterId) || afterId < 0))
        {
            return texts.BadRequest("error.inbox_after");
        }

        var pageSize = DefaultInboxPage;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxInboxPage))
        {
            return texts.BadRequest("error.inbox_limit", ("max", MaxInboxPage.ToString(CultureInfo.InvariantCulture)));
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var messages = await work.Inbox.ListAsync(self!, afterId, pageSize, cancellationToken);
        return TypedResults.Ok(new InboxPage(messages.Select(m => new InboxItem(m.Id, m.CreatedAt, m.Type, JsonSerializer.Deserialize<JsonElement>(m.ContentJson))).ToList()));
    }
}

/// <summary>GET /api/chat/session: whether the page may pick any user; else whom it acts as and its antiforgery token.</summary>
public sealed record ChatSession(bool AnyUser, string? User = null, string? Csrf = null);

/// <summary>POST /api/chat: the bot's replies to the message or event.</summary>
public sealed record ChatAnswer(IReadOnlyList<Reply> Replies);

/// <summary>GET /api/inbox/{user}: what was pushed to the user, oldest first.</summary>
public sealed record InboxPage(IReadOnlyList<InboxItem> Messages);

public sealed record InboxItem(long Id, DateTimeOffset Time, string Type, JsonElement Content);
