using Dapper;
using HelpAgency.Core.Callbacks;

namespace HelpAgency.Storage.Callbacks;

internal sealed class CallbackLog(DbSession session) : ICallbackLog
{
    private const string SelectColumns =
        "key AS Key, user_id AS UserId, received_at AS ReceivedAt, status AS Status, replies AS RepliesJson, attempts AS Attempts, last_error AS LastError";

    public async Task<bool> TryStartAsync(string key, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A concurrent copy waits here for the first one's transaction and then inserts nothing.
        var inserted = await session.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO wecom_callbacks (key, user_id, received_at, status)
            VALUES (@key, @userId, @now, 'processing')
            ON CONFLICT (key) DO NOTHING
            """,
            new { key, userId, now },
            session.Transaction,
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public Task CompleteAsync(string key, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE wecom_callbacks
            SET status = @status, replies = @repliesJson, completed_at = @now, next_attempt_at = @now
            WHERE key = @key
            """,
            new { key, status, repliesJson, now },
            session.Transaction,
            cancellationToken: cancellationToken));

    public async Task<bool> TryRecordAsync(string key, string userId, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO wecom_callbacks (key, user_id, received_at, status, replies, completed_at, next_attempt_at)
            VALUES (@key, @userId, @now, @status, @repliesJson, @now, @now)
            ON CONFLICT (key) DO NOTHING
            """,
            new { key, userId, status, repliesJson, now },
            session.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<CallbackRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<CallbackRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM wecom_callbacks WHERE key = @key",
            new { key },
            session.Transaction,
            cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<CallbackRecord>> LeaseUnsentAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        // The outer conditions are checked again on the row itself, so two hosts never lease the same record.
        // PostgreSQL: rows another sender holds are skipped, not waited for, so a second host takes the rest instead of
        // blocking and then finding its whole pick leased. SQLite: the writer lock already serialises leases.
        var rows = await session.Connection.QueryAsync<CallbackRow>(new CommandDefinition(
            LeaseUnsentSql(session.Provider),
            new { now, leaseUntil, limit },
            session.Transaction,
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// The lease: the oldest due pending records, picked through the unsent index, each the oldest pending record
    /// of its member, so a member's replies go one at a time in the order received (a reply that did not go holds
    /// back the member's later ones until it goes or fails for good); then updated by key. SQLite would otherwise
    /// take the outer re-check's columns to that index too and walk every pending record, testing each against the
    /// pick: under load a lease took about 50 ms, all of it holding the one writer. The unary plus keeps the re-check
    /// off the index, so the update finds its rows by key.
    /// </summary>
    internal static string LeaseUnsentSql(StorageProvider provider)
    {
        var (skipLocked, offIndex) = provider == StorageProvider.Postgres ? ("FOR UPDATE SKIP LOCKED", "") : ("", "+");
        return $"""
            UPDATE wecom_callbacks
            SET next_attempt_at = @leaseUntil, attempts = attempts + 1
            WHERE key IN (
                SELECT c.key FROM wecom_callbacks c
                WHERE c.status = 'pending' AND c.next_attempt_at <= @now
                  AND NOT EXISTS (
                      SELECT 1 FROM wecom_callbacks e
                      WHERE e.user_id = c.user_id AND e.status = 'pending' AND (e.received_at, e.key) < (c.received_at, c.key))
                ORDER BY c.next_attempt_at, c.received_at
                LIMIT @limit
                {skipLocked})
              AND {offIndex}status = 'pending' AND {offIndex}next_attempt_at <= @now
            RETURNING {SelectColumns}
            """;
    }

    public Task MarkAsync(string key, string status, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE wecom_callbacks
            SET status = @status, last_error = @error, completed_at = @now
            WHERE key = @key
            """,
            new { key, status, error, now },
            session.Transaction,
            cancellationToken: cancellationToken));

    private sealed class CallbackRow
    {
        public string Key { get; init; } = "";

        public string UserId { get; init; } = "";

        public DateTimeOffset ReceivedAt { get; init; }

        public string Status { get; init; } = "";

        public string RepliesJson { get; init; } = "[]";

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public CallbackRecord ToRecord() => new(Key, UserId, ReceivedAt, Status, RepliesJson, Attempts, LastError);
    }
}
