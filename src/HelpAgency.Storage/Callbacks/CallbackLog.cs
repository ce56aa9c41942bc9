using Dapper;
using HelpAgency.Core.Callbacks;

namespace HelpAgency.Storage.Callbacks;

internal sealed class CallbackLog(DbSession session) : ICallbackLog
{
    private const string SelectColumns =
        "key AS Key, user_id AS UserId, received_at AS ReceivedAt, status AS Status, replies AS RepliesJson, attempts AS Attempts, last_error AS LastError";

    /// <summary>Claims a delivery (@key, @userId, @now): one row inserted, or none when it was claimed before.</summary>
    internal const string StartSql = """
        INSERT INTO wecom_callbacks (key, user_id, received_at, status)
        VALUES (@key, @userId, @now, 'processing')
        ON CONFLICT (key) DO NOTHING
        """;

    /// <summary>Stores a delivery's outcome (@key, @status, @repliesJson, @now).</summary>
    internal const string CompleteSql = """
        UPDATE wecom_callbacks
        SET status = @status, replies = @repliesJson, completed_at = @now, next_attempt_at = @now
        WHERE key = @key
        """;

    public async Task<bool> TryStartAsync(string key, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A concurrent copy waits here for the first one's transaction and then inserts nothing.
        var inserted = await session.Connection.ExecuteAsync(session.Command(StartSql, new { key, userId, now }, cancellationToken));
        return inserted == 1;
    }

    public Task CompleteAsync(string key, string status, string repliesJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(CompleteSql, new { key, status, repliesJson, now }, cancellationToken));

    public async Task<CallbackRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<CallbackRow>(session.Command(
            $"SELECT {SelectColumns} FROM wecom_callbacks WHERE key = @key",
            new { key },
            cancellationToken));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<CallbackRecord>> ListPendingAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<CallbackRow>(session.Command(
            $"SELECT {SelectColumns} FROM wecom_callbacks WHERE status = 'pending' ORDER BY received_at, key LIMIT @limit",
            new { limit },
            cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

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
