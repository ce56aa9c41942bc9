using HelpAgency.Core.Outbox;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// The statements that open and close every turn, which an engine may send to the database together. On PostgreSQL,
/// where each statement waits for the server, the claim goes with the reads in one round trip and the saves with the
/// commit in another; on SQLite, in the process, they run one by one.
/// </summary>
public interface ITurnStore
{
    /// <summary>
    /// Claims the delivery under <paramref name="deliveryKey"/>, when the turn has one, and reads the user, their
    /// conversation and, for a contact (or a user not known yet, who becomes one), the names of their current projects.
    /// The claim is lost when the delivery was handled already; a claim of another turn still running waits for its end.
    /// </summary>
    Task<TurnStart> StartAsync(string userId, string? deliveryKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the conversation over the version it was read at (when <paramref name="save"/> is given), stores the
    /// delivery's outcome (when given) and commits, all or nothing. Throws <see cref="ConcurrencyConflictException"/>,
    /// having committed nothing, when another turn saved the conversation in between.
    /// </summary>
    Task FinishAsync(ConversationSave? save, DeliveryOutcome? outcome, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// What a turn finds as it starts: whether it won its delivery's claim, the user (null when not known yet), their
/// conversation, and the names of their current projects when they are a contact or not known yet (null for staff,
/// whose names come from the cases they serve and are read when needed).
/// </summary>
public sealed record TurnStart(bool Claimed, AppUser? User, ConversationState Conversation, IReadOnlyList<string>? ContactProjects = null);

/// <summary>A conversation's new state, saved over the version <paramref name="Read"/> carries.</summary>
public sealed record ConversationSave(ConversationState Read, string StateJson);

/// <summary>How a delivery was answered: its status and replies for its record, and the outbox messages the replies became.</summary>
public sealed record DeliveryOutcome(string Key, string Status, string RepliesJson, IReadOnlyList<OutboxMessage> Messages);
