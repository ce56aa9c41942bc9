using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Ledger;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Staff;

namespace HelpAgency.Host.Admin;

/// <summary>The JSON shapes of the admin API's cases: a list row and a case in full, names filled in from the catalog.</summary>
public sealed class CaseJson(ApprovalCatalog catalog, WorkingDayCalendar calendar, LedgerText text)
{
    public object Row(CaseSummary c)
    {
        var current = c.CurrentItemCode is null ? null : catalog.FindItem(c.CurrentItemCode);
        var stage = current is null ? null : catalog.FindStage(current.Stage);
        return new
        {
            id = c.Id,
            reference = c.ReferenceNo,
            projectId = c.ProjectId,
            project = c.ProjectName,
            unit = c.UnitName,
            park = c.Park,
            keyProject = c.IsKeyProject,
            status = c.Status.ToStored(),
            statusLabel = c.Status.Label(),
            assistant = c.AssistantId is null ? null : new { id = c.AssistantId, name = c.AssistantName ?? c.AssistantId },
            openedAt = c.OpenedAt,
            closedAt = c.ClosedAt,
            itemCount = c.ItemCount,
            itemsDone = c.ItemsDone,
            overdueItems = c.OverdueItems,
            currentItem = current is null ? null : new { code = current.Code, name = current.Name },
            stage = stage is null || c.Status.IsClosed() ? null : new { code = stage.Code, name = stage.Name },
            nextDue = c.NextDue,
            evaluationScore = c.EvaluationScore,
        };
    }

    public object Overview(Overview o) => new
    {
        today = o.Today,
        openCases = o.OpenCases,
        closedCases = o.ClosedCases,
        casesByStatus = o.CasesByStatus.Select(s => new { status = s.Key, label = StoredNames.ParseStored<CaseStatus>(s.Key).Label(), cases = s.Value }),
        openByStage = o.OpenByStage,
        overdueCount = o.OverdueCount,
        overdueItems = o.OverdueItems.Select(r => new
        {
            caseId = r.CaseId,
            reference = r.ReferenceNo,
            project = r.ProjectName,
            assistantId = r.AssistantId,
            itemCode = r.ItemCode,
            item = text.ItemName(r.ItemCode),
            statusLabel = StoredNames.TryParseStored<ItemStatus>(r.Status, out var s) ? s.Label() : r.Status,
            plannedDue = r.PlannedDue,
            daysLate = calendar.WorkingDaysBetween(r.PlannedDue, o.Today),
        }),
        itemDurations = o.ItemDurations,
        satisfaction = o.Satisfaction,
        assistants = o.Assistants,
    };

    public object Full(CaseDetails details, IReadOnlyList<LedgerEntry> ledger, IReadOnlyList<StaffMember> staff, DateOnly today)
    {
        var names = staff.ToDictionary(s => s.UserId, s => s.Name, StringComparer.Ordinal);
        string Name(string? id) => id is null ? "" : names.GetValueOrDefault(id, id);
        var c = details.Case;
        var open = !c.Status.IsClosed();
        return new
        {
            @case = new
            {
                id = c.Id,
                reference = c.ReferenceNo,
                status = c.Status.ToStored(),
                statusLabel = c.Status.Label(),
                assistant = c.AssistantId is null ? null : new { id = c.AssistantId, name = Name(c.AssistantId) },
                openedAt = c.OpenedAt,
                closedAt = c.ClosedAt,
                terminationReason = c.TerminationReason,
                certificates = c.Certificates,
            },
            project = new
            {
                id = details.Project.Id,
                name = details.Project.Name,
                unit = details.Project.UnitName,
                creditCode = details.Project.CreditCode,
                projectType = catalog.FindProjectType(details.Project.ProjectType)?.Name ?? details.Project.ProjectType,
                park = details.Project.Park,
                keyProject = details.Project.IsKeyProject,
                commitsToStart = details.Project.CommitsToStart,
            },
            contacts = details.Contacts.Select(p => new { userId = p.UserId, name = p.Name, phone = p.Phone, since = p.Since, until = p.Until, current = p.IsCurrent }),
            items = details.Items.Select(i =>
            {
                var item = catalog.FindItem(i.ItemCode);
                var started = i.AcceptedAt ?? i.SubmittedAt;
                var end = i.CompletedAt is { } done ? ChinaTime.Today(done) : today;
                return new
                {
                    code = i.ItemCode,
                    name = item?.Name ?? i.ItemCode,
                    stage = item?.Stage,
                    stageName = item is null ? null : catalog.FindStage(item.Stage)?.Name,
                    department = item is null ? null : catalog.FindDepartment(item.Department)?.Name ?? item.Department,
                    status = i.Status.ToStored(),
                    statusLabel = i.Status.Label(),
                    promisedDays = item?.PromisedDays ?? item?.StatutoryDays,
                    plannedStart = i.PlannedStart,
                    plannedDue = i.PlannedDue,
                    submittedAt = i.SubmittedAt,
                    acceptedAt = i.AcceptedAt,
                    completedAt = i.CompletedAt,
                    workingDays = started is { } s ? calendar.WorkingDaysBetween(ChinaTime.Today(s), end) : (int?)null,
                    overdue = open && i.IsOverdueOn(today),
                    certificateNo = i.CertificateNo,
                    note = i.Note,
                    reason = i.Reason,
                    next = ItemStatusRules.NextOf(i.Status).Select(n => new { status = n.ToStored(), label = n.Label() }),
                };
            }),
            checks = details.Checks.Select(m => new { itemCode = m.ItemCode, item = text.ItemName(m.ItemCode), material = m.Material, result = m.Result.ToStored(), note = m.Note, checkedBy = Name(m.CheckedBy), checkedAt = m.CheckedAt }),
            issues = details.Issues.Select(i => new { id = i.Id, itemCode = i.ItemCode, title = i.Title, leadDepartment = i.LeadDepartment, status = i.Status.ToStored(), raisedBy = Name(i.RaisedBy), raisedAt = i.RaisedAt, resolution = i.Resolution, resolvedAt = i.ResolvedAt }),
            meetings = details.Meetings.Select(m => new { id = m.Id, issueId = m.IssueId, topic = m.Topic, startsAt = m.StartsAt, place = m.Place, participants = m.Participants, agenda = m.Agenda, status = m.Status.ToStored(), minutes = m.Minutes }),
            evaluation = c.IsEvaluated ? new { score = c.EvaluationScore, comment = c.EvaluationComment, at = c.EvaluatedAt } : null,
            evaluations = details.Evaluations.Select(e => new { id = e.Id, score = e.Score, comment = e.Comment, at = e.At, by = e.UserId is null ? null : Name(e.UserId) }),
            ledger = ledger.Select(l => Line(l, Name(l.ActorId))),
        };
    }

    public object Line(LedgerEntry l, string actorName) => new
    {
        id = l.Id,
        at = l.At,
        actorId = l.ActorId,
        actor = actorName,
        actorRole = LedgerText.RoleName(l.ActorRole),
        action = l.Action,
        actionLabel = LedgerText.ActionName(l.Action),
        itemCode = l.ItemCode,
        item = l.ItemCode is null ? null : text.ItemName(l.ItemCode),
        summary = text.Summary(l.Action, l.ItemCode, l.Details),
    };
}
