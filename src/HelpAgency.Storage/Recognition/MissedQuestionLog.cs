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

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command("DELETE FROM missed_questions WHERE at < @before", new { before }, cancellationToken));

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

    public Task<long> LearnAsync(LearnedPhrasing phrasing, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            """
            INSERT INTO learned_phrasings (kind, target, text, learned_by, at)
            VALUES (@Kind, @Target, @Text, @By, @At)
            RETURNING id
            """,
            phrasing,
            cancellationToken));

    public async Task<IReadOnlyList<LearnedPhrasing>> LearnedAsync(CancellationToken cancellationToken) =>
        [.. (await session.Connection.QueryAsync<LearnedRow>(session.Command(
            "SELECT id AS Id, kind AS Kind, target AS Target, text AS Text, learned_by AS By, at AS At FROM learned_phrasings ORDER BY id",
            null,
            cancellationToken))).Select(r => new LearnedPhrasing(r.Id, r.Kind, r.Target, r.Text, r.By, r.At))];

    public Task<long> LastLearnedAsync(CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command("SELECT COALESCE(MAX(id), 0) FROM learned_phrasings", null, cancellationToken));

    private sealed class LearnedRow
    {
        public long Id { get; init; }

        public string Kind { get; init; } = "";

        public string Target { get; init; } = "";

        public string Text { get; init; } = "";

        public string By { get; init; } = "";

        public DateTimeOffset At { get; init; }
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
