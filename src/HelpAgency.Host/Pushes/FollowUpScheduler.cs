using HelpAgency.Core.Content;
using System.Globalization;
using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// 跟进反馈: re-dates the plans whose items run late, then reminds assistants of items past their planned date (once a
/// day per item), owners of follow-up actions that are due (once a day each), participants of a coordination meeting an
/// hour before it (once, urgent), and contacts of their active cases in a weekly digest. Each reminder's idempotency key
/// makes it once across restarts and across hosts; a re-date moves a plan once, however many hosts scan.
/// </summary>
public sealed class FollowUpScheduler(
    IUnitOfWorkFactory database,
    ApprovalCatalog catalog,
    WorkingDayCalendar calendar,
    CasePlanCalculator planner,
    CaseOperations operations,
    IOptions<PushOptions> options,
    IOutbox outbox,
    ReplyTemplates replies,
    TimeProvider clock,
    ILogger<FollowUpScheduler> logger) : BackgroundService
{
    private const int Batch = 500;

    /// <summary>The templates of replies.yaml the reminders and the digest are written in; the start fails without one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        "push.reminder_overdue", "push.reminder_action", "push.reminder_meeting",
        "push.digest_head", "push.digest_item", "push.digest_overdue", "push.digest_next_correct", "push.digest_next_prepare", "push.digest_footer",
        "case.list_separator", .. ReplyTemplates.DateKeys, .. StatusLabels.TemplateKeys,
    ];

    private readonly ReplyTemplates _replies = Checked(replies);

    private static ReplyTemplates Checked(ReplyTemplates replies)
    {
        replies.Require(ReplyTemplates.FileName, TemplateKeys);
        return replies;
    }

    private string Render(string key, params (string Key, string Value)[] values) => _replies.Render(key, ReplyTemplates.Values(values));

    /// <summary>Every row of a keyset-paged scan, a page of <see cref="Batch"/> at a time.</summary>
    private static async IAsyncEnumerable<T> PagesAsync<T>(Func<T?, CancellationToken, Task<IReadOnlyList<T>>> page, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        T? after = null;
        while (true)
        {
            var rows = await page(after, cancellationToken);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count < Batch)
            {
                yield break;
            }

            after = rows[^1];
        }
    }

    /// <summary>One scan; returns how many reminders it queued.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(now);
        var queued = 0;
        await RedateLatePlansAsync(now, cancellationToken);
        await using var work = await database.BeginAsync(cancellationToken);

        await foreach (var item in PagesAsync<OverdueItem>((after, ct) => work.Cases.OverdueItemsAsync(today, Batch, ct, after), cancellationToken))
        {
            if (item.AssistantId is null)
            {
                continue;
            }

            var project = await work.Projects.FindAsync(item.ProjectId, cancellationToken);
            var late = calendar.WorkingDaysBetween(item.PlannedDue, today);
            var text = Render("push.reminder_overdue", ("project", project?.Name ?? ""), ("reference", ServiceCase.FormatReference(item.CaseId, now)),
                ("item", catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode), ("status", _replies.Label(item.Status)), ("due", _replies.Day(item.PlannedDue)),
                ("late", late.ToString(CultureInfo.InvariantCulture)));
            queued += await QueueAsync(work, $"overdue:{item.CaseId}:{item.ItemCode}:{today:yyyy-MM-dd}", item.AssistantId, text, urgent: false, now, cancellationToken);
        }

        await foreach (var action in PagesAsync<FollowUpAction>((after, ct) => work.Coordination.DueActionsAsync(today, Batch, ct, after), cancellationToken))
        {
            var text = Render("push.reminder_action", ("action", action.Description), ("due", _replies.Day(action.DueDate)));
            queued += await QueueAsync(work, $"action:{action.Id}:{today:yyyy-MM-dd}", action.OwnerId, text, urgent: false, now, cancellationToken);
        }

        foreach (var meeting in await work.Coordination.MeetingsStartingAsync(now, now + settings.MeetingReminderLead, cancellationToken))
        {
            var text = Render("push.reminder_meeting", ("topic", meeting.Topic), ("time", ChinaTime.Of(meeting.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture)), ("place", meeting.Place));
            if (meeting.ChatId is { } chatId)
            {
                // The meeting's group hears it once; the members list lets the local inbox fan it out.
                queued += await QueueAsync(work, $"meeting:{meeting.Id}:reminder", GroupChat.Recipient(chatId), text, urgent: true, now, cancellationToken, meeting.Participants);
                continue;
            }

            foreach (var participant in meeting.Participants)
            {
                queued += await QueueAsync(work, $"meeting:{meeting.Id}:{participant}:reminder", participant, text, urgent: true, now, cancellationToken);
            }
        }

        queued += await DigestAsync(work, settings, now, cancellationToken);

        await work.CommitAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Follow-up scan queued {Count} reminders", queued);
        }

        return queued;
    }

    /// <summary>
    /// Passes the wait of items running late on to their cases' plans (<see cref="CaseProgress.RedateLateAsync"/>), before
    /// the reminders and the digest, so that they read the plans as moved. The cases to re-date are found without the writer
    /// (the overdue scan, each plan computed from a read); each is re-dated in a transaction of its own that holds the
    /// case's row, so a turn on another case never waits for the scan. Returns how many plans moved.
    /// </summary>
    private async Task<int> RedateLatePlansAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(now);
        var behind = new List<long>();
        await using (var read = await database.BeginReadAsync(cancellationToken))
        {
            var seen = new HashSet<long>();
            await foreach (var item in PagesAsync<OverdueItem>((after, ct) => read.Cases.OverdueItemsAsync(today, Batch, ct, after), cancellationToken))
            {
                if (item.Status != ItemStatus.NotStarted && seen.Add(item.CaseId) && planner.RedateLate(await read.Cases.ItemsAsync(item.CaseId, cancellationToken), today) is not null)
                {
                    behind.Add(item.CaseId);
                }
            }
        }

        var moved = 0;
        foreach (var caseId in behind)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            var shift = await operations.Progress.RedateLateAsync(new OperationContext(work, SystemActor.Scheduler, now), caseId, cancellationToken);
            await work.CommitAsync(cancellationToken);
            moved += shift is null ? 0 : 1;
        }

        if (moved > 0)
        {
            logger.LogInformation("Follow-up scan re-dated {Count} plans whose items run late", moved);
        }

        return moved;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken);
                await Task.Delay(options.Value.FollowUpInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Follow-up scan failed; trying again at the next interval");
                try
                {
                    await Task.Delay(options.Value.FollowUpInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The contacts' periodic digest (进度周报): on the configured day, from the configured time, each current contact
    /// of each open case gets one summary of it. The key holds the date, so it goes once that day.
    /// </summary>
    private async Task<int> DigestAsync(IUnitOfWork work, PushOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var local = ChinaTime.Of(now);
        if (!settings.DigestEnabled || local.DayOfWeek != settings.DigestDay || TimeOnly.FromDateTime(local.DateTime) < settings.DigestTime)
        {
            return 0;
        }

        var today = ChinaTime.Today(now);
        var queued = 0;
        for (var before = long.MaxValue; ;)
        {
            var page = await work.Cases.ListAsync(openOnly: true, before, Batch, cancellationToken);
            foreach (var serviceCase in page)
            {
                var contacts = await work.Projects.ContactsAsync(serviceCase.ProjectId, includeHistory: false, cancellationToken);
                if (contacts.Count == 0)
                {
                    continue;
                }

                var project = await work.Projects.FindAsync(serviceCase.ProjectId, cancellationToken);
                var text = DigestText(project?.Name, serviceCase, await work.Cases.ItemsAsync(serviceCase.Id, cancellationToken), today);
                foreach (var contact in contacts)
                {
                    queued += await QueueAsync(work, $"digest:{serviceCase.Id}:{contact.UserId}:{today:yyyy-MM-dd}", contact.UserId, text, urgent: false, now, cancellationToken);
                }
            }

            if (page.Count < Batch)
            {
                return queued;
            }

            before = page[^1].Id;
        }
    }

    private string DigestText(string? projectName, ServiceCase serviceCase, IReadOnlyList<CaseItem> items, DateOnly today)
    {
        string Name(CaseItem item) => catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode;
        var done = items.Count(i => !i.Status.IsOpen());
        var active = items.Where(i => i.Status.IsOpen() && i.Status != ItemStatus.NotStarted).ToList();
        var overdue = items.Where(i => i.IsOverdueOn(today)).ToList();
        var next = items.FirstOrDefault(i => i.Status == ItemStatus.CorrectionRequired) ?? items.FirstOrDefault(i => i.Status == ItemStatus.NotStarted);
        string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
        var lines = new List<string> { Render("push.digest_head", ("project", projectName ?? ""), ("reference", serviceCase.ReferenceNo), ("done", Count(done)), ("total", Count(items.Count))) };
        lines.AddRange(active.Take(5).Select(item => Render("push.digest_item", ("item", Name(item)), ("status", _replies.Label(item.Status)), ("due", _replies.Day(item.PlannedDue)))));
        if (overdue.Count > 0)
        {
            lines.Add(Render("push.digest_overdue", ("list", string.Join(_replies.Get("case.list_separator"), overdue.Select(Name)))));
        }

        if (next is not null)
        {
            lines.Add(Render(next.Status == ItemStatus.CorrectionRequired ? "push.digest_next_correct" : "push.digest_next_prepare", ("item", Name(next))));
        }

        lines.Add(Render("push.digest_footer"));
        return string.Join('\n', lines);
    }

    private async Task<int> QueueAsync(IUnitOfWork work, string key, string recipient, string text, bool urgent, DateTimeOffset now, CancellationToken cancellationToken, IReadOnlyList<string>? members = null) =>
        await outbox.EnqueueAsync(work, key, recipient, new MarkdownPayload(text, members), now, urgent, cancellationToken) ? 1 : 0;
}
