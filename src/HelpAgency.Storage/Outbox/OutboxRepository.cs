using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using HelpAgency.Core;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Storage.Outbox;

internal sealed class OutboxRepository(DbSession session) : IOutboxRepository
{
    private const string Columns = """
        id AS Id, idempotency_key AS IdempotencyKey, recipient AS Recipient, type AS Type, content AS Content, urgent AS Urgent,
        status AS Status, attempts AS Attempts, created_at AS CreatedAt, next_attempt_at AS NextAttemptAt, sent_at AS SentAt,
        external_id AS ExternalId, last_error AS LastError, maybe_delivered AS MaybeDelivered, first_attempt_at AS FirstAttemptAt
        """;

    /// <summary>Queues a message (@IdempotencyKey, @Recipient, @Type, @Content, @Urgent, @CreatedAt, @NextAttemptAt) unless its key is there.</summary>
    internal const string EnqueueSql = """
        INSERT INTO outbox (idempotency_key, recipient, type, content, urgent, status, attempts, created_at, next_attempt_at, due_at)
        VALUES (@IdempotencyKey, @Recipient, @Type, @Content, @Urgent, 'pending', 0, @CreatedAt, @NextAttemptAt, @NextAttemptAt)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(session.Command(
            EnqueueSql,
            new { message.IdempotencyKey, message.Recipient, message.Type, message.Content, message.Urgent, message.CreatedAt, message.NextAttemptAt },
            cancellationToken)) > 0;

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        foreach (var (name, value) in EnqueueParameters(messages))
        {
            parameters.Add(name, value);
        }

        await session.Connection.ExecuteAsync(session.Command(EnqueueSqlFor(messages.Count), parameters, cancellationToken));
    }

    /// <summary>
    /// Queues <paramref name="count"/> messages in one statement, each unless its key is there: the parameters of
    /// <see cref="EnqueueSql"/> numbered from 0 (@IdempotencyKey0, @Recipient0 …), as <see cref="EnqueueParameters"/> names them.
    /// </summary>
    internal static string EnqueueSqlFor(int count) => EnqueueTexts.GetOrAdd(count, static n => $"""
        INSERT INTO outbox (idempotency_key, recipient, type, content, urgent, status, attempts, created_at, next_attempt_at, due_at)
        VALUES {string.Join(", ", Enumerable.Range(0, n).Select(i =>
            $"(@IdempotencyKey{i}, @Recipient{i}, @Type{i}, @Content{i}, @Urgent{i}, 'pending', 0, @CreatedAt{i}, @NextAttemptAt{i}, @NextAttemptAt{i})"))}
        ON CONFLICT (idempotency_key) DO NOTHING
        """);

    private static readonly ConcurrentDictionary<int, string> EnqueueTexts = new();

    /// <summary>The parameters of <see cref="EnqueueSqlFor"/>, by name.</summary>
    internal static IEnumerable<(string Name, object Value)> EnqueueParameters(IReadOnlyList<OutboxMessage> messages) =>
        messages.SelectMany((m, i) => new (string, object)[]
        {
            ($"IdempotencyKey{i}", m.IdempotencyKey), ($"Recipient{i}", m.Recipient), ($"Type{i}", m.Type), ($"Content{i}", m.Content),
            ($"Urgent{i}", m.Urgent), ($"CreatedAt{i}", m.CreatedAt), ($"NextAttemptAt{i}", m.NextAttemptAt),
        });

    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, int perMinute, CancellationToken cancellationToken)
    {
        // One statement: the urgent messages first, so a backlog of routine pushes under the global limit never holds a
        // meeting reminder back, then the routine ones; the routine part runs only when the urgent one leaves room (a
        // compound's parts run in order and stop at its limit). The limit is what the app-wide rate leaves, counted here.
        var rows = await session.Connection.QueryAsync<Row>(session.Command(
            $"""
            UPDATE outbox SET status = 'sending', lease_until = @leaseUntil, lease_owner = @owner
            WHERE id IN (
                SELECT id FROM ({Claimable(urgent: true)}) AS u
                UNION ALL
                SELECT id FROM ({Claimable(urgent: false)}) AS r
                LIMIT (
                    SELECT CASE WHEN @perMinute - s.n >= @limit THEN @limit WHEN @perMinute - s.n > 0 THEN @perMinute - s.n ELSE 0 END
                    FROM (SELECT COUNT(*) AS n FROM outbox WHERE sent_at > @minute) AS s))
            RETURNING {Columns}
            """,
            new { owner, now, leaseUntil, limit, perMinute, minute = now.AddMinutes(-1) },
            cancellationToken));
        return rows.Select(r => r.ToMessage()).OrderByDescending(m => m.Urgent).ThenBy(m => m.Id).ToList();
    }

    /// <summary>
    /// The claimable messages of one urgency, in due order, at most @limit. PostgreSQL: rows another dispatcher holds are
    /// skipped, not waited for; SQLite: the writer lock already serialises claims. A message waits for every unsent one
    /// of its recipient due before it (due_at, then id), and for any in flight; both probes name the unsent statuses so
    /// that they search the small partial index, not the recipient's history.
    /// </summary>
    private string Claimable(bool urgent) =>
        $"""
        SELECT o.id FROM outbox o
        WHERE o.status IN ('pending', 'sending') AND o.urgent = {(urgent ? "TRUE" : "FALSE")} AND o.next_attempt_at <= @now
          AND (o.status = 'pending' OR o.lease_until < @now)
          AND NOT EXISTS (
              SELECT 1 FROM outbox e
              WHERE e.recipient = o.recipient AND e.status IN ('pending', 'sending') AND e.urgent >= o.urgent AND (e.due_at, e.id) < (o.due_at, o.id))
          AND NOT EXISTS (
              SELECT 1 FROM outbox e
              WHERE e.recipient = o.recipient AND e.status IN ('pending', 'sending') AND e.status = 'sending' AND e.lease_until >= @now AND e.id <> o.id)
        ORDER BY o.next_attempt_at, o.id
        LIMIT @limit
        {(session.Provider == StorageProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "")}
        """;

    public Task<int> RenewAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.FromResult(0)
            : session.Connection.ExecuteAsync(session.Command(
                $"UPDATE outbox SET lease_until = @leaseUntil WHERE {session.Provider.AnyOf("id", "ids")} AND status = 'sending' AND lease_owner = @owner",
                new { owner, ids = ids.ToArray(), leaseUntil },
                cancellationToken));

    public async Task<IReadOnlySet<long>> HeldAsync(string owner, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new HashSet<long>();
        }

        // PostgreSQL: the row locks keep a dispatcher whose claim finds these leases expired from taking them meanwhile.
        var forUpdate = session.Provider == StorageProvider.Postgres ? "FOR UPDATE" : "";
        var held = await session.Connection.QueryAsync<long>(session.Command(
            $"SELECT id FROM outbox WHERE {session.Provider.AnyOf("id", "ids")} AND status = 'sending' AND lease_owner = @owner {forUpdate}",
            new { owner, ids = ids.ToArray() },
            cancellationToken));
        return held.ToHashSet();
    }

    public async Task MarkSentAsync(IReadOnlyList<(long Id, string? ExternalId)> sent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (sent.Count == 0)
        {
            return;
        }

        // One statement for the batch on both engines: PostgreSQL reads the pairs from two arrays, SQLite from a JSON array.
        await session.Connection.ExecuteAsync(session.Command(
            session.Provider == StorageProvider.Postgres
                ? """
                  UPDATE outbox AS o SET status = 'sent', sent_at = @now, external_id = v.external_id, attempts = o.attempts + 1,
                      lease_until = NULL, lease_owner = NULL, last_error = NULL
                  FROM unnest(@ids, @externalIds) AS v(id, external_id)
                  WHERE o.id = v.id
                  """
                : """
                  UPDATE outbox SET status = 'sent', sent_at = @now, external_id = v.external_id, attempts = outbox.attempts + 1,
                      lease_until = NULL, lease_owner = NULL, last_error = NULL
                  FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS external_id FROM json_each(@pairs)) AS v
                  WHERE outbox.id = v.id
                  """,
            session.Provider == StorageProvider.Postgres
                ? new { ids = sent.Select(s => s.Id).ToArray(), externalIds = sent.Select(s => s.ExternalId).ToArray(), now }
                : (object)new { pairs = JsonSerializer.Serialize(sent.Select(s => new object?[] { s.Id, s.ExternalId })), now },
            cancellationToken));
    }

    public Task MarkSentAsync(long id, string? externalId, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            """
            UPDATE outbox SET status = 'sent', sent_at = @now, external_id = @externalId, attempts = attempts + 1,
                lease_until = NULL, lease_owner = NULL, last_error = NULL
            WHERE id = @id
            """,
            new { id, externalId, now },
            cancellationToken));

    public Task MarkFailedAsync(long id, string error, DateTimeOffset nextAttemptAt, bool dead, bool maybeDelivered, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            """
            UPDATE outbox SET status = @status, attempts = attempts + 1, next_attempt_at = @nextAttemptAt,
                lease_until = NULL, lease_owner = NULL, last_error = @error, maybe_delivered = (maybe_delivered OR @maybeDelivered)
            WHERE id = @id
            """,
            new { id, error = error.Length > 1000 ? error[..1000] : error, nextAttemptAt, status = dead ? "dead" : "pending", maybeDelivered },
            cancellationToken));

    public Task MarkFirstAttemptAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.CompletedTask
            : session.Connection.ExecuteAsync(session.Command(
                $"UPDATE outbox SET first_attempt_at = @now WHERE {session.Provider.AnyOf("id", "ids")} AND first_attempt_at IS NULL",
                new { ids = ids.ToArray(), now },
                cancellationToken));

    public Task DeferAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            "UPDATE outbox SET status = 'pending', next_attempt_at = @nextAttemptAt, lease_until = NULL, lease_owner = NULL WHERE id = @id",
            new { id, nextAttemptAt },
            cancellationToken));

    public Task HoldAsync(long id, DateTimeOffset until, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            "UPDATE outbox SET status = 'pending', next_attempt_at = @until, due_at = @until, lease_until = NULL, lease_owner = NULL WHERE id = @id",
            new { id, until },
            cancellationToken));

    public async Task<IReadOnlyDictionary<string, RecentSends>> RecentSendsAsync(IReadOnlyCollection<string> recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return new Dictionary<string, RecentSends>();
        }

        // Windows open at the far end: a send exactly a minute old no longer counts, so its ageing out frees the slot.
        var rows = await session.Connection.QueryAsync<RecentRow>(session.Command(
            $"""
            SELECT recipient AS Recipient,
                   SUM(CASE WHEN sent_at > @minute THEN 1 ELSE 0 END) AS LastMinute, COUNT(*) AS LastHour,
                   MIN(CASE WHEN sent_at > @minute THEN sent_at END) AS OldestInMinute, MIN(sent_at) AS OldestInHour
            FROM outbox
            WHERE {session.Provider.AnyOf("recipient", "recipients")} AND sent_at > @hour
            GROUP BY recipient
            """,
            new { recipients = recipients.ToArray(), minute = now.AddMinutes(-1), hour = now.AddHours(-1) },
            cancellationToken));
        return rows.ToDictionary(r => r.Recipient, r => new RecentSends((int)r.LastMinute, (int)r.LastHour, r.OldestInMinute, r.OldestInHour));
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus? status, int limit, CancellationToken cancellationToken) =>
        (await session.Connection.QueryAsync<Row>(session.Command(
            $"SELECT {Columns} FROM outbox WHERE @status IS NULL OR status = @status ORDER BY id DESC LIMIT @limit",
            new { status = status?.ToStored(), limit },
            cancellationToken))).Select(r => r.ToMessage()).ToList();

    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(session.Command(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now WHERE id = @id AND status = 'dead'",
            new { id, now },
            cancellationToken)) > 0;

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

        public bool MaybeDelivered { get; init; }

        public DateTimeOffset? FirstAttemptAt { get; init; }

        public OutboxMessage ToMessage() => new(
            Id, IdempotencyKey, Recipient, Type, Content, Urgent, StoredNames.ParseStored<OutboxStatus>(Status), Attempts, CreatedAt, NextAttemptAt,
            SentAt, ExternalId, LastError, MaybeDelivered, FirstAttemptAt);
    }

    private sealed class RecentRow
    {
        public string Recipient { get; init; } = "";

        public long LastMinute { get; init; }

        public long LastHour { get; init; }

        public DateTimeOffset? OldestInMinute { get; init; }

        public DateTimeOffset? OldestInHour { get; init; }
    }
}
