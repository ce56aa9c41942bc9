using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Conversation;

/// <summary>Everything a bot sees and may change during one turn.</summary>
public sealed class TurnContext(
    Activity activity, AppUser user, ConversationState conversation, IUnitOfWork work, DateTimeOffset now, IReadOnlyList<string>? contactProjects = null)
{
    private readonly List<Reply> _replies = [];

    public Activity Activity { get; } = activity;

    public AppUser User { get; } = user;

    /// <summary>The conversation as it was read at the start of the turn.</summary>
    public ConversationState Conversation { get; } = conversation;

    /// <summary>
    /// The names of a contact's current projects as the turn's start read them, in the turn's transaction; null when not
    /// read (staff, or a turn made without them), and then read when needed (<see cref="Projects.ProjectNames"/>).
    /// </summary>
    public IReadOnlyList<string>? ContactProjects { get; } = user.Role == UserRole.Contact ? contactProjects : null;

    /// <summary>The transaction of this turn: whatever the bot writes here commits with the turn or not at all.</summary>
    public IUnitOfWork Work { get; } = work;

    /// <summary>The time the turn started, from the host's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>The state to save at the end of the turn; starts as the stored state.</summary>
    public string StateJson { get; set; } = conversation.StateJson;

    public IReadOnlyList<Reply> Replies => _replies;

    /// <summary>The routine pushes to others this turn queued for after the quiet hours.</summary>
    public HeldPushes HeldPushes { get; } = new();

    /// <summary>Queues a reply; replies are delivered only after the turn has committed.</summary>
    public void Reply(Reply reply) => _replies.Add(reply);
}
