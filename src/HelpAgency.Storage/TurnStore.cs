using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Users;

namespace HelpAgency.Storage;

/// <summary>
/// A turn's opening and closing statements one by one, through the unit's repositories: on SQLite each is a call into
/// the process, so sending them together would save nothing; what saves is running fewer. A lost claim reads nothing more.
/// </summary>
internal sealed class TurnStore(UnitOfWork work) : ITurnStore
{
    /// <summary>
    /// What a turn reads as it starts (@userId), in one statement: a row for each current project of a contact (or of a
    /// user not known yet), newest first, else one row; each with the user (null columns when not known yet) and the
    /// conversation (null columns when never saved). Staff's names are not read here: theirs come from their cases.
    /// The user and the whole projects go into the unit's <see cref="IdentityMap"/>, so a case turn reads neither again.
    /// </summary>
    internal const string StartSql = """
        SELECT u.id AS Id, u.display_name AS DisplayName, u.role AS Role, u.created_at AS CreatedAt,
               c.state AS State, c.version AS Version,
               p.id AS ProjectId, p.name AS ProjectName, p.unit_name AS UnitName, p.credit_code AS CreditCode,
               p.project_type AS ProjectType, p.park AS Park, p.is_key_project AS IsKeyProject,
               p.commits_to_start AS CommitsToStart, p.created_at AS ProjectCreatedAt
        FROM (SELECT @userId AS id) AS k
        LEFT JOIN users u ON u.id = k.id
        LEFT JOIN conversations c ON c.user_id = k.id
        LEFT JOIN project_contacts pc ON pc.user_id = k.id AND pc.until IS NULL AND (u.role IS NULL OR u.role = 'contact')
        LEFT JOIN projects p ON p.id = pc.project_id
        ORDER BY p.id DESC
        """;

    public async Task<TurnStart> StartAsync(string userId, string? deliveryKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (deliveryKey is not null && !await work.Callbacks.TryStartAsync(deliveryKey, userId, now, cancellationToken))
        {
            return new TurnStart(Claimed: false, null, ConversationState.Empty(userId));
        }

        var session = work.Session;
        var rows = await session.Connection.QueryAsync<StartRow>(session.Command(StartSql, new { userId }, cancellationToken));
        return Started(claimed: true, userId, rows, work.Map);
    }

    public async Task FinishAsync(ConversationSave? save, DeliveryOutcome? outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var writes = new List<Func<CancellationToken, Task>>(3);
        if (save is not null)
        {
            writes.Add(c => work.Conversations.SaveAsync(save.Read, save.StateJson, now, c));
        }

        if (outcome is not null)
        {
            writes.Add(c => work.Callbacks.CompleteAsync(outcome.Key, outcome.Status, outcome.RepliesJson, now, c));
            if (outcome.Messages.Count > 0)
            {
                writes.Add(c => work.Outbox.EnqueueAsync(outcome.Messages, c));
            }
        }

        // The last statement runs as the unit commits, bare when the unit wrote nothing before (the save of a turn on the
        // local channel): UnitOfWork.CommitAfterAsync.
        for (var i = 0; i < writes.Count - 1; i++)
        {
            await writes[i](cancellationToken);
        }

        await (writes.Count == 0 ? work.CommitAsync(cancellationToken) : work.CommitAfterAsync(writes[^1], cancellationToken));
    }

    /// <summary>The turn's start from the rows of <see cref="StartSql"/>; the user and the projects read are kept in <paramref name="map"/>.</summary>
    internal static TurnStart Started(bool claimed, string userId, IEnumerable<StartRow> rows, IdentityMap map)
    {
        AppUser? user = null;
        var conversation = ConversationState.Empty(userId);
        var names = new List<string>();
        var first = true;
        foreach (var row in rows)
        {
            if (first)
            {
                first = false;
                user = row.Id is null ? null : new AppUser(row.Id, row.DisplayName!, UserRoles.Parse(row.Role!), row.CreatedAt!.Value);
                conversation = row.Version is { } version ? new ConversationState(userId, row.State!, version) : conversation;
                if (user is not null)
                {
                    map.Keep(user);
                }
            }

            if (row.ProjectId is { } projectId)
            {
                names.Add(row.ProjectName!);
                map.Keep(new Project(projectId, row.ProjectName!, row.UnitName!, row.CreditCode!, row.ProjectType!, row.Park!,
                    row.IsKeyProject!.Value, row.CommitsToStart!.Value, row.ProjectCreatedAt!.Value));
                map.KeepCurrentContact(projectId, userId);
            }
        }

        return new TurnStart(claimed, user, conversation, user is null || user.Role == UserRole.Contact ? names : null);
    }

    /// <summary>A row of <see cref="StartSql"/>.</summary>
    internal sealed class StartRow
    {
        public string? Id { get; init; }

        public string? DisplayName { get; init; }

        public string? Role { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public string? State { get; init; }

        public long? Version { get; init; }

        public long? ProjectId { get; init; }

        public string? ProjectName { get; init; }

        public string? UnitName { get; init; }

        public string? CreditCode { get; init; }

        public string? ProjectType { get; init; }

        public string? Park { get; init; }

        public bool? IsKeyProject { get; init; }

        public bool? CommitsToStart { get; init; }

        public DateTimeOffset? ProjectCreatedAt { get; init; }
    }
}
