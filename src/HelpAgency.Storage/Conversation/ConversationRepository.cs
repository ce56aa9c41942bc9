using Dapper;
using HelpAgency.Core.Conversation;

namespace HelpAgency.Storage.Conversation;

internal sealed class ConversationRepository(DbSession session) : IConversationRepository
{
    /// <summary>Reads a conversation's state and version (@userId).</summary>
    internal const string GetSql = "SELECT state, version FROM conversations WHERE user_id = @userId";

    public async Task<ConversationState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<(string State, long Version)?>(session.Command(GetSql, new { userId }, cancellationToken));
        return row is { } found ? new ConversationState(userId, found.State, found.Version) : ConversationState.Empty(userId);
    }

    public async Task SaveAsync(ConversationState read, string stateJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await session.Connection.ExecuteAsync(session.Command(SaveSql(read), new { read.UserId, read.Version, stateJson, now }, cancellationToken));
        if (changed != 1)
        {
            throw Conflict(read);
        }
    }

    /// <summary>
    /// Saves a conversation over the version <paramref name="read"/> carries (@UserId, @Version, @stateJson, @now). The
    /// insert of a first save and the update of a later one both change no row when another turn got there first.
    /// </summary>
    internal static string SaveSql(ConversationState read) => read.Version == ConversationState.New
        ? """
          INSERT INTO conversations (user_id, state, version, updated_at)
          VALUES (@UserId, @stateJson, 1, @now)
          ON CONFLICT (user_id) DO NOTHING
          """
        : """
          UPDATE conversations SET state = @stateJson, version = version + 1, updated_at = @now
          WHERE user_id = @UserId AND version = @Version
          """;

    internal static ConcurrencyConflictException Conflict(ConversationState read) =>
        new($"Conversation of {read.UserId} is no longer at version {read.Version}.");
}
