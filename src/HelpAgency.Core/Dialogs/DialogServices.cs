using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Core.Dialogs;

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
