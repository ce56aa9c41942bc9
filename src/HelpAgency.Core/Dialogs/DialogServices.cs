using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Dialogs;

/// <summary>Tells someone other than the user of the turn, inside the turn's transaction (the outbox delivers it later).</summary>
public interface INotifier
{
    /// <summary>
    /// Queues <paramref name="message"/> for <paramref name="userId"/> in the turn's transaction. An urgent notice
    /// ignores quiet hours; <paramref name="key"/> names its cause so that it is never queued twice.
    /// </summary>
    Task NotifyAsync(IUnitOfWork work, string userId, Reply message, DateTimeOffset now, CancellationToken cancellationToken, bool urgent = false, string? key = null);
}

/// <summary>Everything the dialog runtime, its validators and its actions share.</summary>
public sealed class DialogServices(ReplyTemplates replies, ApprovalCatalog catalog, WorkingDayCalendar calendar, CaseOperations cases, INotifier notifier, BotSettings settings)
{
    public ReplyTemplates Replies { get; } = replies;

    public ApprovalCatalog Catalog { get; } = catalog;

    public WorkingDayCalendar Calendar { get; } = calendar;

    public CaseOperations Cases { get; } = cases;

    public INotifier Notifier { get; } = notifier;

    public BotSettings Settings { get; } = settings;

    /// <summary>A template with its {placeholders} filled from <paramref name="values"/>; unknown ones stay visible to be caught in tests.</summary>
    public string Render(string key, IReadOnlyDictionary<string, string> values, long seed = 0) => Replies.Render(key, values, seed);
}
