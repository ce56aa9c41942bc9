using HelpAgency.Core.Cases;
using System.Collections.Immutable;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// Builds a case plan from the catalog's time limits and prerequisites on working days. An item starts on
/// the plan's start date or, when it has prerequisites among the chosen items, on the latest of their due
/// dates (the applicant submits the day the prerequisite is issued); it is due its promised days later
/// (statutory when no promise is given; 即办 items the same day). Prerequisites that were not chosen are
/// ignored. The order is deterministic: by start date, then stage order, then catalog order.
/// </summary>
public sealed class CasePlanCalculator(ApprovalCatalog catalog, WorkingDayCalendar calendar)
{
    /// <summary>The working days the plans are counted in.</summary>
    public WorkingDayCalendar Calendar => calendar;

    /// <summary>
    /// Plans <paramref name="itemCodes"/> (default: every item of the project type) from
    /// <paramref name="start"/>, moved to the next working day when it is not one.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown or overlay project type, unknown item code, or no items.</exception>
    public CasePlan Calculate(string projectType, DateOnly start, IEnumerable<string>? itemCodes = null)
    {
        var type = catalog.FindProjectType(projectType) ?? throw new ArgumentException($"Unknown project type '{projectType}'.", nameof(projectType));
        var chosen = itemCodes is null ? catalog.ItemsFor(type.Code) : Resolve(itemCodes);
        if (chosen.Count == 0)
        {
            throw new ArgumentException("A plan needs at least one item.", nameof(itemCodes));
        }

        var firstDay = calendar.NextWorkingDayOnOrAfter(start);
        var position = catalog.Items.Select((item, index) => (item.Code, index)).ToDictionary(p => p.Code, p => p.index, StringComparer.OrdinalIgnoreCase);
        var codes = chosen.Select(i => i.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var waitsFor = chosen.ToDictionary(
            i => i.Code,
            i => i.Requires.Where(codes.Contains).Select(r => catalog.FindItem(r)!.Code).Distinct().ToImmutableArray(),
            StringComparer.OrdinalIgnoreCase);

        // Kahn's algorithm: an item is ready once its prerequisites are planned; the earliest-starting ready
        // item goes next, so the rows come out in start order and prerequisites always precede their dependents.
        var planned = new Dictionary<string, PlannedItem>(StringComparer.OrdinalIgnoreCase);
        var ready = new PriorityQueue<ApprovalItem, (DateOnly Start, int Stage, int Position)>();
        var rows = new List<PlannedItem>(chosen.Count);
        foreach (var item in chosen.Where(i => waitsFor[i.Code].IsEmpty))
        {
            ready.Enqueue(item, (firstDay, StageOrder(item), position[item.Code]));
        }

        while (ready.TryDequeue(out var item, out var key))
        {
            var days = item.PlanningDays;
            var row = new PlannedItem(item, key.Start, calendar.AddWorkingDays(key.Start, days), days, waitsFor[item.Code]);
            planned[item.Code] = row;
            rows.Add(row);
            foreach (var next in chosen.Where(n => !planned.ContainsKey(n.Code) && waitsFor[n.Code].Contains(item.Code, StringComparer.OrdinalIgnoreCase)))
            {
                if (waitsFor[next.Code].All(planned.ContainsKey))
                {
                    var begin = waitsFor[next.Code].Select(r => planned[r].DueDate).Append(firstDay).Max();
                    ready.Enqueue(next, (begin, StageOrder(next), position[next.Code]));
                }
            }
        }

        var finish = rows.Max(r => r.DueDate);
        return new CasePlan(type.Code, firstDay, finish, calendar.WorkingDaysBetween(firstDay, finish), rows.ToImmutableArray(), StageTotals(rows));
    }

    private List<ApprovalItem> Resolve(IEnumerable<string> itemCodes)
    {
        var items = new List<ApprovalItem>();
        foreach (var code in itemCodes)
        {
            var item = catalog.FindItem(code) ?? throw new ArgumentException($"Unknown item code '{code}'.", nameof(itemCodes));
            if (!items.Contains(item))
            {
                items.Add(item);
            }
        }

        return items;
    }

    private int StageOrder(ApprovalItem item) => catalog.FindStage(item.Stage)!.Order;

    private ImmutableArray<StagePlan> StageTotals(List<PlannedItem> rows) =>
        rows.GroupBy(r => r.Item.Stage, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var stage = catalog.FindStage(g.Key)!;
                var start = g.Min(r => r.PlannedStart);
                var finish = g.Max(r => r.DueDate);
                return new StagePlan(stage, start, finish, calendar.WorkingDaysBetween(start, finish), g.Sum(r => r.WorkingDays), g.Count());
            })
            .OrderBy(s => s.Stage.Order)
            .ToImmutableArray();

    /// <summary>
    /// The items planned after <paramref name="late"/> that have not started, moved on when it was done after its planned
    /// due date (<paramref name="finishedOn"/>) so that none starts before that day; null when none would.
    /// </summary>
    public PlanShift? Redate(IReadOnlyList<CaseItem> items, CaseItem late, DateOnly finishedOn) => ShiftAfter(items, late, finishedOn);

    /// <summary>
    /// The move that passes the wait of the items running late on <paramref name="today"/> on to the plan: an item under
    /// way past its planned due date (<see cref="CaseItem.IsOverdueOn"/>) can be done today at the earliest, so the
    /// not-started items planned after it move to start no sooner than today. The earliest-due such item decides: what is
    /// planned after a later one is planned after it too. The late items keep their dates, so they are shown overdue; a
    /// late item not started moves nothing, it is the one to start. Null when nothing would move, as on a second run the
    /// same day.
    /// </summary>
    public PlanShift? RedateLate(IReadOnlyList<CaseItem> items, DateOnly today) =>
        items.Where(i => i.Status != ItemStatus.NotStarted && i.IsOverdueOn(today)).MinBy(i => (i.PlannedDue, i.Seq)) is { } late
            ? ShiftAfter(items, late, today)
            : null;

    /// <summary>
    /// The items planned after <paramref name="late"/> (starting on or after its planned due date) that have not started,
    /// moved on together, so that they keep their order and their waits on each other, by as many working days as it takes
    /// for the first of them to start no sooner than <paramref name="finish"/>. Items under way keep their dates.
    /// </summary>
    private PlanShift? ShiftAfter(IReadOnlyList<CaseItem> items, CaseItem late, DateOnly finish)
    {
        var after = items.Where(i => i.ItemCode != late.ItemCode && i.Status == ItemStatus.NotStarted && i.PlannedStart >= late.PlannedDue).ToList();
        if (after.Count == 0)
        {
            return null;
        }

        var days = calendar.WorkingDaysBetween(after.Min(i => i.PlannedStart), calendar.NextWorkingDayOnOrAfter(finish));
        return days <= 0 ? null : new PlanShift(late.ItemCode, days, [.. after.Select(i => i with
        {
            PlannedStart = calendar.AddWorkingDays(i.PlannedStart, days),
            PlannedDue = calendar.AddWorkingDays(i.PlannedDue, days),
        })]);
    }
}
