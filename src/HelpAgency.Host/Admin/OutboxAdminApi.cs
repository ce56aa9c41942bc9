using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Http;

namespace HelpAgency.Host.Admin;

/// <summary>
/// Operations on the outbox: list by status, read dead letters with their last error, retry one. Guarded by
/// the bearer key in Admin:ApiKey until staff sign-in exists; with no key configured the endpoints are closed.
/// Every retry is written to the service ledger.
/// </summary>
public static class OutboxAdminApi
{
    public const string ActorId = "admin-api";

    public static IEndpointRouteBuilder MapOutboxAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/outbox").AddEndpointFilter(RequireKeyAsync);
        admin.MapGet("", ListAsync);
        admin.MapPost("/{id:long}/retry", RetryAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(string? status, int? limit, IUnitOfWorkFactory database, CancellationToken cancellationToken)
    {
        OutboxStatus? filter = null;
        if (status is not null)
        {
            if (!StoredNames.TryParseStored<OutboxStatus>(status, out var parsed))
            {
                return ApiError.BadRequest("status 只能是 pending、sending、sent 或 dead。");
            }

            filter = parsed;
        }

        if (limit is < 1 or > 500)
        {
            return ApiError.BadRequest("limit 应在 1 到 500 之间。");
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var messages = await work.Outbox.ListAsync(filter, limit ?? 100, cancellationToken);
        return Results.Ok(new
        {
            messages = messages.Select(m => new
            {
                id = m.Id,
                recipient = m.Recipient,
                type = m.Type,
                status = m.Status.ToStored(),
                attempts = m.Attempts,
                urgent = m.Urgent,
                createdAt = m.CreatedAt,
                nextAttemptAt = m.NextAttemptAt,
                sentAt = m.SentAt,
                externalId = m.ExternalId,
                lastError = m.LastError,
                content = JsonSerializer.Deserialize<JsonElement>(m.Content),
            }),
        });
    }

    private static async Task<IResult> RetryAsync(long id, IUnitOfWorkFactory database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if (!await work.Outbox.RetryAsync(id, now, cancellationToken))
        {
            var exists = (await work.Outbox.ListAsync(null, 500, cancellationToken)).Any(m => m.Id == id);
            return exists ? ApiError.Result(StatusCodes.Status409Conflict, "只有发送失败（dead）的消息可以重试。") : ApiError.Result(StatusCodes.Status404NotFound, "没有这条消息。");
        }

        await work.Ledger.AppendAsync(new AppUser(ActorId, ActorId, UserRole.Supervisor, now),
            new NewLedgerEntry("outbox_retry", null, null, null, JsonSerializer.Serialize(new { message = id }, LedgerJson.Options)), now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return Results.Ok(new { id, status = "pending" });
    }

    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Admin:ApiKey"];
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        if (string.IsNullOrEmpty(key) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(given)))
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, "需要管理密钥。");
        }

        return await next(context);
    }
}
