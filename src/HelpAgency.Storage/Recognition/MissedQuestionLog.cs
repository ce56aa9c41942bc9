using Dapper;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Storage.Recognition;

internal sealed class MissedQuestionLog(DbSession session) : IMissedQuestionLog
{
    public Task AppendAsync(MissedQuestion question, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            """
            INSERT INTO missed_questions (user_id, role, text, outcome, intent, confidence, at)
            VALUES (@UserId, @Role, @Text, @Outcome, @Intent, @Confidence, @At)
            """,
            question,
            cancellationToken));

    public async Task<IReadOnlyList<MissedQuestionGroup>> GroupsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<GroupRow>(session.Command(
            """
            SELECT text AS Text, MIN(outcome) AS Outcome, COUNT(*) AS Count, MAX(at) AS LastAt, MIN(role) AS Role
            FROM missed_questions
            WHERE at >= @since
            GROUP BY text
            ORDER BY COUNT(*) DESC, MAX(at) DESC
            LIMIT @limit
            """,
            new { since, limit },
            cancellationToken));
        return [.. rows.Select(r => new MissedQuestionGroup(r.Text, r.Outcome, (int)r.Count, r.LastAt, r.Role))];
    }

    private sealed class GroupRow
    {
        public string Text { get; init; } = "";

        public string Outcome { get; init; } = "";

        public long Count { get; init; }

        public DateTimeOffset LastAt { get; init; }

        public string Role { get; init; } = "";
    }
}
