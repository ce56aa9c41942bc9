using System.Globalization;
using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// 跟进反馈: reminds assistants of items past their planned date (once a day per item), owners of follow-up
/// actions that are due (once a day each), participants of a coordination meeting an hour before it
/// (once, urgent), and contacts of their active cases in a weekly digest. Each reminder's idempotency key makes it once across restarts and across hosts.
/// </summary>
public sealed class FollowUpScheduler(
    IUnitOfWorkFactory database,
    ApprovalCatalog catalog,
    WorkingDayCalendar calendar,
    IOptions<PushOptions> options,
    IOutbox outbox,
    TimeProvider clock,
    ILogger<FollowUpScheduler> logger) : BackgroundService
{
    private const int Batch = 500;

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
        await using var work = await database.BeginAsync(cancellationToken);

        await foreach (var item in PagesAsync<OverdueItem>((after, ct) => work.Cases.OverdueItemsAsync(today, Batch, ct, after), cancellationToken))
        {
            if (item.AssistantId is null)
            {
                continue;
            }

            var project = await work.Projects.FindAsync(item.ProjectId, cancellationToken);
            var late = calendar.WorkingDaysBetween(item.PlannedDue, today);
            var text = $"**事项超期提醒** {project?.Name}（{ServiceCase.FormatReference(item.CaseId, now)}）\n“{catalog.FindItem(item.ItemCode)?.Name ?? item.ItemCode}”{item.Status.Label()}，计划{item.PlannedDue:M月d日}办结，已超期{late}个工作日。请跟进。";
            queued += await QueueAsync(work, $"overdue:{item.CaseId}:{item.ItemCode}:{today:yyyy-MM-dd}", item.AssistantId, text, urgent: false, now, cancellationToken);
        }

        await foreach (var action in PagesAsync<FollowUpAction>((after, ct) => work.Coordination.DueActionsAsync(today, Batch, ct, after), cancellationToken))
        {
            var text = $"**落实事项提醒** “{action.Description}”应于{action.DueDate:M月d日}完成，请及时落实；完成后回复“落实事项已完成”。";
            queued += await QueueAsync(work, $"action:{action.Id}:{today:yyyy-MM-dd}", action.OwnerId, text, urgent: false, now, cancellationToken);
        }

        foreach (var meeting in await work.Coordination.MeetingsStartingAsync(now, now + settings.MeetingReminderLead, cancellationToken))
        {
            var at = ChinaTime.Of(meeting.StartsAt).ToString("HH:mm", CultureInfo.InvariantCulture);
            var text = $"**会议提醒** 协调会“{meeting.Topic}”将于今天{at}在{meeting.Place}召开。";
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
        var overdue = active.Where(i => i.Status.IsPending() && i.PlannedDue < today).ToList();
        var next = items.FirstOrDefault(i => i.Status == ItemStatus.CorrectionRequired) ?? items.FirstOrDefault(i => i.Status == ItemStatus.NotStarted);
        var text = new System.Text.StringBuilder($"**进度周报** {projectName}（{serviceCase.ReferenceNo}）\n已办结 {done}/{items.Count} 项。");
        foreach (var item in active.Take(5))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {Name(item)}：{item.Status.Label()}，计划{item.PlannedDue:M月d日}办结");
        }

        if (overdue.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n超期：{string.Join("、", overdue.Select(Name))}，帮办专员正在跟进。");
        }

        if (next is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n下一步：{(next.Status == ItemStatus.CorrectionRequired ? "补正" : "准备")}“{Name(next)}”。");
        }

        return text.Append("\n回复“进度”可查看详情。").ToString();
    }

    private async Task<int> QueueAsync(IUnitOfWork work, string key, string recipient, string text, bool urgent, DateTimeOffset now, CancellationToken cancellationToken, IReadOnlyList<string>? members = null) =>
        await outbox.EnqueueAsync(work, key, recipient, new MarkdownPayload(text, members), now, urgent, cancellationToken) ? 1 : 0;
}
