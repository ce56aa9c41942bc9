using Dapper;
using HelpAgency.Core.Inbox;

namespace HelpAgency.Storage.Inbox;

internal sealed class InboxRepository(DbSession session) : IInboxRepository
{
    public Task<long> AppendAsync(string userId, string type, string contentJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO inbox (user_id, created_at, type, content)
            VALUES (@userId, @now, @type, @contentJson)
            RETURNING id
            """,
            new { userId, now, type, contentJson },
            cancellationToken));

    public async Task<IReadOnlyList<InboxMessage>> ListAsync(string userId, long afterId, int limit, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<InboxRow>(session.Command(
            """
            SELECT id AS Id, user_id AS UserId, created_at AS CreatedAt, type AS Type, content AS Content
            FROM inbox
            WHERE user_id = @userId AND id > @afterId
            ORDER BY id
            LIMIT @limit
            """,
            new { userId, afterId, limit },
            cancellationToken));
        return rows.Select(r => new InboxMessage(r.Id, r.UserId, r.CreatedAt, r.Type, r.Content)).ToList();
    }

    private sealed class InboxRow
    {
        public long Id { get; init; }

        public string UserId { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public string Type { get; init; } = "";

        public string Content { get; init; } = "";
    }
}
