using Dapper;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Users;

namespace HelpAgency.Storage.Ledger;

internal sealed class ServiceLedger(DbSession session) : IServiceLedger
{
    private const string Insert = "INSERT INTO service_ledger (at, actor_id, actor_role, case_id, project_id, item_code, action, details)";

    public Task<long> AppendAsync(AppUser actor, NewLedgerEntry entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<long>(session.Command(
            $"""
            {Insert}
            VALUES (@now, @actorId, @actorRole, @CaseId, @ProjectId, @ItemCode, @Action, @Details)
            RETURNING id
            """,
            new { now, actorId = actor.Id, actorRole = actor.Role.ToStorage(), entry.CaseId, entry.ProjectId, entry.ItemCode, entry.Action, entry.Details },
            cancellationToken));

    public async Task<IReadOnlyList<long>> AppendAsync(AppUser actor, IReadOnlyList<NewLedgerEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entries.Count == 1)
        {
            return [await AppendAsync(actor, entries[0], now, cancellationToken)];
        }

        var parameters = new DynamicParameters(new { now, actorId = actor.Id, actorRole = actor.Role.ToStorage() });
        var values = MultiRowValues.Of(entries, parameters, ["@now", "@actorId", "@actorRole"],
            ("c", e => e.CaseId), ("p", e => e.ProjectId), ("i", e => e.ItemCode), ("a", e => e.Action), ("d", e => e.Details));
        var ids = await session.Connection.QueryAsync<long>(session.Command(
            $"{Insert}\nVALUES {values}\nRETURNING id", parameters, cancellationToken));
        // Both engines number the rows of one insert in the order of its VALUES (the next rowid, the sequence row by row),
        // whatever order RETURNING hands them back in.
        return [.. ids.Order()];
    }

    public async Task<IReadOnlyList<LedgerEntry>> OfCaseAsync(long caseId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<LedgerEntryRow>(session.Command(
            """
            SELECT id AS Id, at AS At, actor_id AS ActorId, actor_role AS ActorRole, case_id AS CaseId, project_id AS ProjectId,
                   item_code AS ItemCode, action AS Action, details AS Details
            FROM service_ledger WHERE case_id = @caseId ORDER BY id
            """,
            new { caseId },
            cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<IReadOnlyList<LedgerEntry>> OfActionAsync(string action, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<LedgerEntryRow>(session.Command(
            """
            SELECT id AS Id, at AS At, actor_id AS ActorId, actor_role AS ActorRole, case_id AS CaseId, project_id AS ProjectId,
                   item_code AS ItemCode, action AS Action, details AS Details
            FROM service_ledger WHERE action = @action AND at >= @from AND at < @to ORDER BY id LIMIT @limit
            """,
            new { action, from, to, limit },
            cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public Task RecordAccessAsync(AppUser reader, long? caseId, string what, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.Connection.ExecuteAsync(session.Command(
            "INSERT INTO access_log (at, user_id, role, case_id, what) VALUES (@now, @userId, @role, @caseId, @what)",
            new { now, userId = reader.Id, role = reader.Role.ToStorage(), caseId, what },
            cancellationToken));
}
