using Dapper;
using HelpAgency.Core;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Storage.Outbox;

internal sealed class OutboxRepository(DbSession session) : IOutboxRepository
{
    private const string Columns = """
        id AS Id, idempotency_key AS IdempotencyKey, recipient AS Recipient, type AS Type, content AS Content, urgent AS Urgent,
        status AS Status, attempts AS Attempts, created_at AS CreatedAt, next_attempt_at AS NextAttemptAt, sent_at AS SentAt,
        external_id AS ExternalId, last_error AS LastError
        """;

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(Command(
            """
            INSERT INTO outbox (idempotency_key, recipient, type, content, urgent, status, attempts, created_at, next_attempt_at)
            VALUES (@IdempotencyKey, @Recipient, @Type, @Content, @Urgent, 'pending', 0, @CreatedAt, @NextAttemptAt)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            new { message.IdempotencyKey, message.Recipient, message.Type, message.Content, message.Urgent, message.CreatedAt, message.NextAttemptAt },
            cancellationToken)) > 0;

    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        // PostgreSQL: rows another dispatcher holds are skipped, not waited for. SQLite: the writer lock already serialises claims.
        var skipLocked = session.Provider == StorageProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        var rows = await session.Connection.QueryAsync<Row>(Command(
            $"""
            UPDATE outbox SET status = 'sending', lease_until = @leaseUntil
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE ((o.status = 'pending' AND o.next_attempt_at <= @now) OR (o.status = 'sending' AND o.lease_until < @now))
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.recipient = o.recipient AND e.id < o.id AND e.status IN ('pending', 'sending'))
                ORDER BY o.id
                LIMIT @limit
                {skipLocked})
            RETURNING {Columns}
            """,
            new { now, leaseUntil, limit },
            cancellationToken));
        return rows.Select(r => r.ToMessage()).OrderBy(m => m.Id).ToList();
    }

    public Task MarkSentAsync(long id, string? externalId, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(Command(
            "UPDATE outbox SET status = 'sent', sent_at = @now, external_id = @externalId, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE id = @id",
            new { id, externalId, now },
            cancellationToken));

    public Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(Command(
            "UPDATE outbox SET status = @status, attempts = attempts + 1, next_attempt_at = @nextAttemptAt, lease_until = NULL, last_error = @error WHERE id = @id",
            new { id, error = error.Length > 1000 ? error[..1000] : error, nextAttemptAt, status = dead ? "dead" : "pending" },
            cancellationToken));

    public Task DeferAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(Command(
            "UPDATE outbox SET status = 'pending', next_attempt_at = @nextAttemptAt, lease_until = NULL WHERE id = @id",
            new { id, nextAttemptAt },
            cancellationToken));

    public Task<int> SentToSinceAsync(string recipient, DateTimeOffset since, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<int>(Command(
            "SELECT COUNT(*) FROM outbox WHERE recipient = @recipient AND sent_at >= @since", new { recipient, since }, cancellationToken));

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus? status, int limit, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<Row>(Command(
            $"SELECT {Columns} FROM outbox WHERE @status IS NULL OR status = @status ORDER BY id DESC LIMIT @limit",
            new { status = status?.ToStored(), limit },
            cancellationToken))).Select(r => r.ToMessage()).ToList();

    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(Command(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now WHERE id = @id AND status = 'dead'",
            new { id, now },
            cancellationToken)) > 0;

    private CommandDefinition Command(string sql, object parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, session.Transaction, cancellationToken: cancellationToken);

    private sealed class Row
    {
        public long Id { get; init; }

        public string IdempotencyKey { get; init; } = "";

        public string Recipient { get; init; } = "";

        public string Type { get; init; } = "";

        public string Content { get; init; } = "";

        public bool Urgent { get; init; }

        public string Status { get; init; } = "";

        public int Attempts { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset NextAttemptAt { get; init; }

        public DateTimeOffset? SentAt { get; init; }

        public string? ExternalId { get; init; }

        public string? LastError { get; init; }

        public OutboxMessage ToMessage() => new(
            Id, IdempotencyKey, Recipient, Type, Content, Urgent, StoredNames.ParseStored<OutboxStatus>(Status), Attempts, CreatedAt, NextAttemptAt,
            SentAt, ExternalId, LastError);
    }
}
