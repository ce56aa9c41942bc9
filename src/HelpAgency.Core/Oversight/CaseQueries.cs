using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Oversight;

/// <summary>
/// What staff read across cases: the filtered case list, projects, the overview, the ledger of a period.
/// The rules are the case operations' own: contacts read nothing here, an assistant only the cases assigned
/// to them, a supervisor all; every read is written to the access log. Its words are the oversight.* templates of
/// replies.yaml; the start fails when one is missing.
/// </summary>
public sealed class CaseQueries(IUnitOfWorkFactory database, ApprovalCatalog catalog, WorkingDayCalendar calendar, ReplyTemplates replies)
{
    /// <summary>The longest period a ledger export covers in one file.</summary>
    public const int MaxLedgerRows = 100_000;

    /// <summary>The templates the console's reads say.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        "oversight.own_cases_only", "oversight.stage_unknown", "oversight.ready_to_archive", "oversight.unassigned", "oversight.period_reversed",
        "oversight.period_too_long", "oversight.ledger_too_long", "oversight.staff_only",
    ];

    private readonly ReplyTemplates _replies = Checked(replies);

    private static ReplyTemplates Checked(ReplyTemplates replies)
    {
        replies.Require(ReplyTemplates.FileName, TemplateKeys);
        return replies;
    }

    public async Task<Page<CaseSummary>> CasesAsync(AppUser reader, CaseFilter filter, PageRequest page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scope = Scope(reader);
        if (scope is not null && filter.AssistantId is { } asked && asked != scope)
        {
            throw Refuse(CaseError.Forbidden, "oversight.own_cases_only");
        }

        IReadOnlyList<string>? stageItems = null;
        if (filter.Stage is { } stage)
        {
            stageItems = catalog.FindStage(stage) is null
                ? throw Refuse(CaseError.Invalid, "oversight.stage_unknown", ("stage", stage))
                : catalog.ItemsInStage(stage).Select(i => i.Code).ToList();
        }

        var cases = await ReadAsync(r => r.CasesAsync(new CaseQuery(filter, scope, stageItems, ChinaTime.Today(now)), page, cancellationToken), cancellationToken);
        await RecordAsync(reader, "case_list", now, cancellationToken);
        return cases;
    }

    public async Task<Page<ProjectSummary>> ProjectsAsync(AppUser reader, PageRequest page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var projects = await ReadAsync(r => r.ProjectsAsync(Scope(reader), page, cancellationToken), cancellationToken);
        await RecordAsync(reader, "project_list", now, cancellationToken);
        return projects;
    }

    public async Task<Overview> OverviewAsync(AppUser reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(now);
        var data = await ReadAsync(r => r.OverviewAsync(Scope(reader), today, 20, cancellationToken), cancellationToken);
        var names = await RecordAsync(reader, "overview", now, cancellationToken);

        var byStage = data.OpenByCurrentItem
            .GroupBy(c => c.Code is null ? null : catalog.FindItem(c.Code)?.Stage)
            .Select(g => (Stage: g.Key, Cases: g.Sum(c => c.Count)))
            .ToDictionary(g => g.Stage ?? "", g => g.Cases);
        var stages = catalog.Stages.OrderBy(s => s.Order)
            .Select(s => new StageCount(s.Code, s.Name, byStage.GetValueOrDefault(s.Code)))
            .Where(s => s.Cases > 0 || !catalog.FindStage(s.Stage!)!.Optional)
            .ToList();
        if (byStage.GetValueOrDefault("") is > 0 and var ready)
        {
            stages.Add(new StageCount(null, Text("oversight.ready_to_archive"), ready));
        }

        var durations = data.CompletedSpans
            .GroupBy(s => s.ItemCode)
            .Select(g =>
            {
                var item = catalog.FindItem(g.Key);
                var count = g.Sum(s => s.Count);
                var days = g.Sum(s => (double)calendar.WorkingDaysBetween(s.From, s.To) * s.Count);
                return new ItemDuration(g.Key, item?.Name ?? g.Key, count, Math.Round(days / count, 1), item?.PromisedDays ?? item?.StatutoryDays);
            })
            .OrderBy(d => catalog.FindItem(d.ItemCode) is { } item ? catalog.FindStage(item.Stage)?.Order ?? 99 : 99)
            .ThenBy(d => d.ItemCode, StringComparer.Ordinal)
            .ToList();

        var distribution = Enumerable.Range(1, 5).Select(score => data.Scores.Where(s => s.Code == score.ToString(System.Globalization.CultureInfo.InvariantCulture)).Sum(s => s.Count)).ToList();
        var rated = distribution.Sum();
        var satisfaction = new Satisfaction(rated, rated == 0 ? null : Math.Round(distribution.Select((n, i) => n * (i + 1.0)).Sum() / rated, 2), distribution);

        var assistants = data.Assistants
            .Select(a => new AssistantCases(a.AssistantId, a.AssistantId is null ? Text("oversight.unassigned") : names.GetValueOrDefault(a.AssistantId, a.AssistantId), a.Open, a.Total))
            .OrderByDescending(a => a.Open).ThenBy(a => a.AssistantId, StringComparer.Ordinal)
            .ToList();

        var open = data.CasesByStatus.Where(s => !StoredNames.ParseStored<CaseStatus>(s.Key).IsClosed()).Sum(s => s.Value);
        return new Overview(today, open, data.CasesByStatus.Values.Sum() - open, data.CasesByStatus, stages, data.OverdueCount, data.OverdueItems, durations, satisfaction, assistants);
    }

    /// <summary>The ledger lines of a period [from, to) for the cases the reader may see.</summary>
    public async Task<IReadOnlyList<LedgerRow>> LedgerAsync(AppUser reader, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scope = Scope(reader);
        if (to <= from)
        {
            throw Refuse(CaseError.Invalid, "oversight.period_reversed");
        }

        if (to - from > TimeSpan.FromDays(366))
        {
            throw Refuse(CaseError.Invalid, "oversight.period_too_long");
        }

        var rows = await ReadAsync(r => r.LedgerAsync(scope, from, to, MaxLedgerRows + 1, cancellationToken), cancellationToken);
        if (rows.Count > MaxLedgerRows)
        {
            throw Refuse(CaseError.Invalid, "oversight.ledger_too_long", ("max", MaxLedgerRows.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await RecordAsync(reader, "ledger_export", now, cancellationToken);
        return rows;
    }

    /// <summary>The assistant whose cases the reader is limited to; null for a supervisor. Contacts are refused.</summary>
    private string? Scope(AppUser reader) => reader.Role switch
    {
        UserRole.Supervisor => null,
        UserRole.Assistant => reader.Id,
        _ => throw Refuse(CaseError.Forbidden, "oversight.staff_only"),
    };

    private string Text(string key, params (string Key, string Value)[] values) => _replies.Render(key, ReplyTemplates.Values(values));

    private CaseOperationException Refuse(CaseError error, string key, params (string Key, string Value)[] values) => new(error, Text(key, values));

    /// <summary>One read of the console's on a snapshot of its own, which holds no writer.</summary>
    private async Task<T> ReadAsync<T>(Func<ICaseQueryRepository, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var snapshot = await database.BeginReadAsync(cancellationToken);
        return await read(snapshot.CaseQueries);
    }

    /// <summary>Writes the access-log line in a short transaction of its own, and reads the staff names while there.</summary>
    private async Task<IReadOnlyDictionary<string, string>> RecordAsync(AppUser reader, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Ledger.RecordAccessAsync(reader, null, what, now, cancellationToken);
        var names = (await work.Staff.ListAsync(null, cancellationToken)).ToDictionary(s => s.UserId, s => s.Name, StringComparer.Ordinal);
        await work.CommitAsync(cancellationToken);
        return names;
    }
}
