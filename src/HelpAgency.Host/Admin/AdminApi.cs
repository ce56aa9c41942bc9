using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Persistence;
using HelpAgency.Host.Http;
using HelpAgency.Host.Learning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>
/// The staff console's JSON API under /api/admin: reads of projects, cases, the overview and the staff
/// directory. Every call needs a staff session (401 without, 403 for non-staff) and obeys the case
/// operations' rules; refused operations answer 400/403/404/409 with a JSON error.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin")
            .AddEndpointFilter(StaffActor.RequireAsync)
            .AddEndpointFilter(Csrf.RequireAsync)
            .AddEndpointFilter(CaseErrorResults.MapAsync);
        admin.MapGet("/me", (HttpContext context) =>
        {
            var actor = StaffActor.Of(context);
            return TypedResults.Ok(new SignedIn(actor.Id, actor.DisplayName, actor.Role.ToString().ToLowerInvariant(), Csrf.TokenFor(context)));
        });
        admin.MapGet("/overview", OverviewAsync);
        admin.MapGet("/projects", ProjectsAsync);
        admin.MapGet("/cases", CasesAsync);
        admin.MapGet("/cases/{id:long}", CaseAsync);
        admin.MapGet("/staff", StaffAsync);
        admin.MapGet("/stages", (ApprovalCatalog catalog) =>
            TypedResults.Ok(new StageList(catalog.Stages.OrderBy(s => s.Order).Select(s => new StageInfo(s.Code, s.Name, s.Optional)).ToList())));
        admin.MapGet("/missed", MissedAsync);
        admin.MapLearning();
        admin.MapCaseIntake();
        admin.MapCaseActions();
        admin.MapLedgerExport();
        return app;
    }

    private static async Task<Ok<OverviewView>> OverviewAsync(HttpContext context, CaseQueries queries, CaseJson json, StaffWork work, CancellationToken cancellationToken) =>
        TypedResults.Ok(json.Overview(await queries.OverviewAsync(StaffActor.Of(context), work.Now, cancellationToken)));

    private static async Task<Results<Ok<PageOf<ProjectRow>>, JsonHttpResult<ApiError>>> ProjectsAsync(string? page, string? pageSize, HttpContext context, CaseQueries queries, StaffWork work, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        var (request, error) = Paging.Parse(page, pageSize, texts);
        if (error is not null)
        {
            return error;
        }

        var projects = await queries.ProjectsAsync(StaffActor.Of(context), request!, work.Now, cancellationToken);
        return TypedResults.Ok(Paging.ToJson(projects, p => new ProjectRow(
            p.Project.Id,
            p.Project.Name,
            p.Project.UnitName,
            p.Project.CreditCode,
            p.Project.ProjectType,
            p.Project.Park,
            p.Project.IsKeyProject,
            p.Project.CommitsToStart,
            p.Project.CreatedAt,
            p.Contacts.Select(c => new ContactRow(c.UserId, c.Name, c.Phone, c.Since)),
            p.CaseIds)));
    }

    private static async Task<Results<Ok<PageOf<CaseRow>>, JsonHttpResult<ApiError>>> CasesAsync(string? status, string? stage, string? assistant, string? park, string? overdue, string? key,
        string? page, string? pageSize, HttpContext context, CaseQueries queries, CaseJson json, StaffWork work, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        var (request, error) = Paging.Parse(page, pageSize, texts);
        if (error is not null)
        {
            return error;
        }

        List<CaseStatus>? statuses = null;
        foreach (var name in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            statuses ??= [];
            switch (name)
            {
                case "open":
                    statuses.AddRange([CaseStatus.Accepted, CaseStatus.InProgress]);
                    break;
                case "closed":
                    statuses.AddRange([CaseStatus.Archived, CaseStatus.Terminated]);
                    break;
                default:
                    if (!StoredNames.TryParseStored<CaseStatus>(name, out var parsed))
                    {
                        return texts.BadRequest("error.case_status_filter");
                    }

                    statuses.Add(parsed);
                    break;
            }
        }

        if (!TryFlag(overdue, out var overdueFlag) || !TryFlag(key, out var keyFlag))
        {
            return texts.BadRequest("error.flags");
        }

        var filter = new CaseFilter(statuses, Blank(stage), Blank(assistant), Blank(park), overdueFlag, keyFlag);
        var cases = await queries.CasesAsync(StaffActor.Of(context), filter, request!, work.Now, cancellationToken);
        return TypedResults.Ok(Paging.ToJson(cases, json.Row));
    }

    private static async Task<Ok<CaseView>> CaseAsync(long id, HttpContext context, CaseOperations operations, CaseJson json, StaffWork work, CancellationToken cancellationToken)
    {
        var view = await work.RunAsync(context, async ctx =>
        {
            var details = await operations.Reader.GetAsync(ctx, id, cancellationToken);
            var ledger = await operations.Reader.LedgerAsync(ctx, id, cancellationToken);
            var staff = await ctx.Work.Staff.ListAsync(null, cancellationToken);
            return json.Full(details, ledger, staff, ChinaTime.Today(ctx.Now));
        });
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<StaffList>> StaffAsync(IUnitOfWorkFactory database, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginReadAsync(cancellationToken);
        var staff = await work.Staff.ListAsync(null, cancellationToken);
        var open = await work.Cases.OpenCaseCountsAsync(staff.Select(s => s.UserId).ToList(), cancellationToken);
        return TypedResults.Ok(new StaffList(staff.Select(s =>
            new StaffRow(s.UserId, s.Name, s.Role.ToString().ToLowerInvariant(), s.Phone, s.Parks, s.OnDuty, open.GetValueOrDefault(s.UserId)))));
    }

    /// <summary>未解决问题: what the bot could not answer with confidence, grouped by text, most asked first; supervisors only.</summary>
    private static async Task<Results<Ok<MissedList>, JsonHttpResult<ApiError>>> MissedAsync(string? days, string? limit, HttpContext context, IUnitOfWorkFactory database, TimeProvider clock, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (StaffActor.Of(context).Role != Core.Users.UserRole.Supervisor)
        {
            return texts.Error(StatusCodes.Status403Forbidden, "error.missed_supervisor_only");
        }

        var period = 30;
        var count = 100;
        if ((days is not null && (!int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out period) || period is < 1 or > 365))
            || (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > 500)))
        {
            return texts.BadRequest("error.missed_range");
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var groups = await work.MissedQuestions.GroupsAsync(clock.GetUtcNow().AddDays(-period), count, cancellationToken);
        return TypedResults.Ok(new MissedList(
            period,
            groups.Sum(g => g.Count),
            groups.GroupBy(g => g.Outcome).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)),
            groups.Select(g => new MissedRow(g.Text, g.Outcome, g.Count, g.LastAt, g.Role))));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryFlag(string? value, out bool? flag)
    {
        flag = null;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "":
                return true;
            case "true" or "1":
                flag = true;
                return true;
            case "false" or "0":
                flag = false;
                return true;
            default:
                return false;
        }
    }
}
