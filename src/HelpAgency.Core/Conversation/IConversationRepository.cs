namespace HelpAgency.Core.Conversation;

/// <summary>Per-user conversation state with optimistic concurrency.</summary>
public interface IConversationRepository
{
    Task<ConversationState> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="stateJson"/> over the version that <paramref name="read"/> carries.
    /// Throws <see cref="ConcurrencyConflictException"/> when another turn saved in between.
    /// </summary>
    Task SaveAsync(ConversationState read, string stateJson, DateTimeOffset now, CancellationToken cancellationToken);
}
