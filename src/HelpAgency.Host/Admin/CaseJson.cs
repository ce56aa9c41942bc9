using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Staff;

namespace HelpAgency.Host.Admin;

/// <summary>The JSON shapes of the admin API's cases: a list row and a case in full, names filled in from the catalog.</summary>
public sealed class CaseJson(ApprovalCatalog catalog, WorkingDayCalendar calendar, LedgerText text, ReplyTemplates replies)
{
    public CaseRow Row(CaseSummary c)
    {
        var current = c.CurrentItemCode is null ? null : catalog.FindItem(c.CurrentItemCode);
        var stage = current is null ? null : catalog.FindStage(current.Stage);
        return new CaseRow(
            c.Id,
            c.ReferenceNo,
            c.ProjectId,
            c.ProjectName,
            c.UnitName,
            c.Park,
            c.IsKeyProject,
            c.Status.ToStored(),
            replies.Label(c.Status),
            c.AssistantId is null ? null : new StaffRef(c.AssistantId, c.AssistantName ?? c.AssistantId),
            c.OpenedAt,
            c.ClosedAt,
            c.ItemCount,
            c.ItemsDone,
            c.OverdueItems,
            current is null ? null : new Named(current.Code, current.Name),
            stage is null || c.Status.IsClosed() ? null : new Named(stage.Code, stage.Name),
            c.NextDue,
            c.EvaluationScore);
    }

    public OverviewView Overview(Overview o) => new(
        o.Today,
        o.OpenCases,
        o.ClosedCases,
        o.CasesByStatus.Select(s => new StatusCount(s.Key, replies.Label(StoredNames.ParseStored<CaseStatus>(s.Key)), s.Value)),
        o.OpenByStage,
        o.OverdueCount,
        o.OverdueItems.Select(r => new OverdueItemRow(
            r.CaseId,
            r.ReferenceNo,
            r.ProjectName,
            r.AssistantId,
            r.ItemCode,
            text.ItemName(r.ItemCode),
            StoredNames.TryParseStored<ItemStatus>(r.Status, out var s) ? replies.Label(s) : r.Status,
            r.PlannedDue,
            calendar.WorkingDaysBetween(r.PlannedDue, o.Today))),
        o.ItemDurations,
        o.Satisfaction,
        o.Assistants);

    public CaseView Full(CaseDetails details, IReadOnlyList<LedgerEntry> ledger, IReadOnlyList<StaffMember> staff, DateOnly today)
    {
        var names = staff.ToDictionary(s => s.UserId, s => s.Name, StringComparer.Ordinal);
        string Name(string? id) => id is null ? "" : names.GetValueOrDefault(id, id);
        var c = details.Case;
        var open = !c.Status.IsClosed();
        var project = details.Project;
        return new CaseView(
            new CaseHeader(
                c.Id,
                c.ReferenceNo,
                c.Status.ToStored(),
                replies.Label(c.Status),
                c.AssistantId is null ? null : new StaffRef(c.AssistantId, Name(c.AssistantId)),
                c.OpenedAt,
                c.ClosedAt,
                c.TerminationReason,
                c.Certificates),
            new ProjectInfo(
                project.Id,
                project.Name,
                project.UnitName,
                project.CreditCode,
                catalog.FindProjectType(project.ProjectType)?.Name ?? project.ProjectType,
                project.Park,
                project.IsKeyProject,
                project.CommitsToStart),
            details.Contacts.Select(p => new ContactRow(p.UserId, p.Name, p.Phone, p.Since, p.Until, p.IsCurrent)),
            details.Items.Select(i =>
            {
                var item = catalog.FindItem(i.ItemCode);
                var started = i.AcceptedAt ?? i.SubmittedAt;
                var end = i.CompletedAt is { } done ? ChinaTime.Today(done) : today;
                return new ItemRow(
                    i.ItemCode,
                    item?.Name ?? i.ItemCode,
                    item?.Stage,
                    item is null ? null : catalog.FindStage(item.Stage)?.Name,
                    item is null ? null : catalog.FindDepartment(item.Department)?.Name ?? item.Department,
                    i.Status.ToStored(),
                    replies.Label(i.Status),
                    item?.PromisedDays ?? item?.StatutoryDays,
                    i.PlannedStart,
                    i.PlannedDue,
                    i.SubmittedAt,
                    i.AcceptedAt,
                    i.CompletedAt,
                    started is { } s ? calendar.WorkingDaysBetween(ChinaTime.Today(s), end) : null,
                    open && i.IsOverdueOn(today),
                    i.CertificateNo,
                    i.Note,
                    i.Reason,
                    ItemStatusRules.NextOf(i.Status).Select(n => new NextStatus(n.ToStored(), replies.Label(n))));
            }),
            details.Checks.Select(m => new CheckRow(m.ItemCode, text.ItemName(m.ItemCode), m.Material, m.Result.ToStored(), m.Note, Name(m.CheckedBy), m.CheckedAt)),
            details.Issues.Select(i => new IssueRow(i.Id, i.ItemCode, i.Title, i.LeadDepartment, i.Status.ToStored(), Name(i.RaisedBy), i.RaisedAt, i.Resolution, i.ResolvedAt)),
            details.Meetings.Select(m => new MeetingRow(m.Id, m.IssueId, m.Topic, m.StartsAt, m.Place, m.Participants, m.Agenda, m.Status.ToStored(), m.Minutes)),
            c.IsEvaluated ? new EvaluationRow(null, c.EvaluationScore, c.EvaluationComment, c.EvaluatedAt) : null,
            details.Evaluations.Select(e => new EvaluationRow(e.Id, e.Score, e.Comment, e.At, e.UserId is null ? null : Name(e.UserId))),
            ledger.Select(l => Line(l, text.ActorName(l.ActorId, names.GetValueOrDefault(l.ActorId)))));
    }

    public LedgerLine Line(LedgerEntry l, string actorName) => new(
        l.Id,
        l.At,
        l.ActorId,
        actorName,
        text.RoleName(l.ActorRole),
        l.Action,
        text.ActionName(l.Action),
        l.ItemCode,
        l.ItemCode is null ? null : text.ItemName(l.ItemCode),
        text.Summary(l.Action, l.ItemCode, l.Details));
}
