using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>
/// Operations on the outbox: counts by status, list by status, read dead letters with their last error, retry
/// one. Open to a supervisor's console session, or to scripts with the bearer key in Admin:ApiKey (no key
/// configured: sessions only). Every retry is written to the service ledger under the one who asked.
/// </summary>
public static class OutboxAdminApi
{
    public const string ActorId = "admin-api";

    public static IEndpointRouteBuilder MapOutboxAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/outbox").AddEndpointFilter(RequireKeyAsync);
        admin.MapGet("", ListAsync);
        admin.MapGet("/summary", async (IUnitOfWorkFactory database, CancellationToken cancellationToken) =>
        {
            await using var read = await database.BeginReadAsync(cancellationToken);
            return TypedResults.Ok(new OutboxCounts(await read.CaseQueries.OutboxCountsAsync(cancellationToken)));
        });
        admin.MapPost("/{id:long}/retry", RetryAsync);
        return app;
    }

    private static async Task<Results<Ok<OutboxList>, JsonHttpResult<ApiError>>> ListAsync(string? status, int? limit, IUnitOfWorkFactory database, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        OutboxStatus? filter = null;
        if (status is not null)
        {
            if (!StoredNames.TryParseStored<OutboxStatus>(status, out var parsed))
            {
                return texts.BadRequest("error.outbox_status");
            }

            filter = parsed;
        }

        if (limit is < 1 or > 500)
        {
            return texts.BadRequest("error.outbox_limit");
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var messages = await work.Outbox.ListAsync(filter, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new OutboxList(messages.Select(m => new OutboxRow(
            m.Id,
            m.Recipient,
            m.Type,
            m.Status.ToStored(),
            m.Attempts,
            m.Urgent,
            m.CreatedAt,
            m.NextAttemptAt,
            m.SentAt,
            m.ExternalId,
            m.LastError,
            JsonSerializer.Deserialize<JsonElement>(m.Content)))));
    }

    private static async Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> RetryAsync(long id, HttpContext context, IUnitOfWorkFactory database, TimeProvider clock, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        if (!await work.Outbox.RetryAsync(id, now, cancellationToken))
        {
            var exists = (await work.Outbox.ListAsync(null, 500, cancellationToken)).Any(m => m.Id == id);
            return exists ? texts.Error(StatusCodes.Status409Conflict, "error.outbox_retry_not_dead") : texts.Error(StatusCodes.Status404NotFound, "error.outbox_message_unknown");
        }

        var actor = context.Items[typeof(OutboxAdminApi)] as AppUser ?? new AppUser(ActorId, ActorId, UserRole.Supervisor, now);
        await work.Ledger.AppendAsync(actor,
            new NewLedgerEntry("outbox_retry", null, null, null, JsonSerializer.Serialize(new { message = id }, LedgerJson.Options)), now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return TypedResults.Ok(new StatusOf(id, OutboxStatus.Pending.ToStored()));
    }

    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var texts = ConsoleTexts.Of(http);
        var key = http.RequestServices.GetRequiredService<IConfiguration>()["Admin:ApiKey"];
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return !string.IsNullOrEmpty(key) && KeyMatches(key, header["Bearer ".Length..])
                ? await next(context)
                : texts.Error(StatusCodes.Status401Unauthorized, "error.admin_key_wrong");
        }

        var user = await StaffActor.FindAsync(http);
        if (user is null)
        {
            return texts.Error(StatusCodes.Status401Unauthorized, "error.sign_in_or_key");
        }

        if (user.Role != UserRole.Supervisor)
        {
            return texts.Error(StatusCodes.Status403Forbidden, "error.outbox_supervisor_only");
        }

        if (await Csrf.CheckAsync(http) is { } forged)
        {
            return forged;
        }

        http.Items[typeof(OutboxAdminApi)] = user;
        return await next(context);
    }

    /// <summary>Compares digests, so that neither the key's content nor its length shows in the time taken.</summary>
    private static bool KeyMatches(string key, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
