using Dapper;
using HelpAgency.Core.Conversation;

namespace HelpAgency.Storage.Conversation;

internal sealed class ConversationRepository(DbSession session) : IConversationRepository
{
    public async Task<ConversationState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<(string State, long Version)?>(session.Command(
            "SELECT state, version FROM conversations WHERE user_id = @userId",
            new { userId },
            cancellationToken));
        return row is { } found ? new ConversationState(userId, found.State, found.Version) : ConversationState.Empty(userId);
    }

    public async Task SaveAsync(ConversationState read, string stateJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The insert of a first save and the update of a later one both fail to touch a row when another turn got there first.
        var sql = read.Version == ConversationState.New
            ? """
              INSERT INTO conversations (user_id, state, version, updated_at)
              VALUES (@UserId, @stateJson, 1, @now)
              ON CONFLICT (user_id) DO NOTHING
              """
            : """
              UPDATE conversations SET state = @stateJson, version = version + 1, updated_at = @now
              WHERE user_id = @UserId AND version = @Version
              """;
        var changed = await session.Connection.ExecuteAsync(session.Command(
            sql,
            new { read.UserId, read.Version, stateJson, now },
            cancellationToken));
        if (changed != 1)
        {
            throw new ConcurrencyConflictException($"Conversation of {read.UserId} is no longer at version {read.Version}.");
        }
    }
}
