using System.Text;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Core.Dialogs;

/// <summary>Tells someone other than the user of the turn, inside the turn's transaction (the outbox delivers it later).</summary>
public interface INotifier
{
    Task NotifyAsync(IUnitOfWork work, string userId, Reply message, DateTimeOffset now, CancellationToken cancellationToken);
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
    public string Render(string key, IReadOnlyDictionary<string, string> values, long seed = 0)
    {
        var template = Replies.Get(key, seed);
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            builder.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            builder.Append(values.TryGetValue(name + ":display", out var display) ? display
                : values.TryGetValue(name, out var value) ? value
                : template[open..(close + 1)]);
            i = close + 1;
        }

        return builder.ToString();
    }
}
