using System.Globalization;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Oversight;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>
/// Ledger export: one case's ledger, or every line of a period (China-time days, both ends included) over
/// the cases the reader may see, as XLSX or CSV. Case exports go through <see cref="CaseOperations.LedgerAsync"/>.
/// </summary>
public static class LedgerExportApi
{
    // The ledger starts in 2026; the bounds only keep a day's China-time start (and the day after the last) inside
    // what DateTimeOffset can hold, with room for any real period, so 0001-01-01 or 9999-12-31 is a 400 and not a 500.
    private static readonly DateOnly FirstDay = new(2000, 1, 1);
    private static readonly DateOnly LastDay = new(2099, 12, 31);

    public static RouteGroupBuilder MapLedgerExport(this RouteGroupBuilder admin)
    {
        admin.MapGet("/cases/{id:long}/ledger", CaseLedgerAsync);
        admin.MapGet("/ledger", PeriodLedgerAsync);
        return admin;
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> CaseLedgerAsync(long id, string? format, HttpContext context, CaseOperations operations, StaffWork work, LedgerSheet sheet, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (!TryFormat(format, out var xlsx))
        {
            return texts.BadRequest("error.ledger_format");
        }

        var (reference, rows) = await work.RunAsync(context, async ctx =>
        {
            var ledger = await operations.Reader.LedgerAsync(ctx, id, cancellationToken);
            var serviceCase = (await ctx.Work.Cases.FindAsync(id, forUpdate: false, cancellationToken))!;
            var project = await ctx.Work.Projects.FindAsync(serviceCase.ProjectId, cancellationToken);
            var names = (await ctx.Work.Staff.ListAsync(null, cancellationToken)).ToDictionary(s => s.UserId, s => s.Name, StringComparer.Ordinal);
            return (serviceCase.ReferenceNo, ledger.Select(e => new LedgerRow(e, serviceCase.ReferenceNo, project?.Name, names.GetValueOrDefault(e.ActorId))).ToList());
        });
        return await FileAsync(sheet, rows, texts.Text("ledger.file.case", ("reference", reference)), xlsx, cancellationToken);
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> PeriodLedgerAsync(string? from, string? to, string? format, HttpContext context, CaseQueries queries, StaffWork work, LedgerSheet sheet, ConsoleTexts texts,
        CancellationToken cancellationToken)
    {
        if (!TryFormat(format, out var xlsx))
        {
            return texts.BadRequest("error.ledger_format");
        }

        if (!TryDay(from, out var first) || !TryDay(to, out var last))
        {
            return texts.BadRequest("error.ledger_period_missing");
        }

        if (first < FirstDay || last > LastDay)
        {
            return texts.BadRequest("error.ledger_period_range", ("first", Day(FirstDay)), ("last", Day(LastDay)));
        }

        var rows = await queries.LedgerAsync(StaffActor.Of(context), ChinaTime.StartOf(first), ChinaTime.StartOf(last.AddDays(1)), work.Now, cancellationToken);
        return await FileAsync(sheet, rows, texts.Text("ledger.file.period", ("from", Day(first)), ("to", Day(last))), xlsx, cancellationToken);
    }

    private static async Task<FileContentHttpResult> FileAsync(LedgerSheet sheet, IReadOnlyList<LedgerRow> rows, string name, bool xlsx, CancellationToken cancellationToken) => xlsx
        ? TypedResults.File(await sheet.XlsxAsync(rows, cancellationToken), LedgerSheet.XlsxType, name + ".xlsx")
        : TypedResults.File(sheet.Csv(rows), LedgerSheet.CsvType, name + ".csv");

    private static bool TryFormat(string? format, out bool xlsx)
    {
        xlsx = format is null or "xlsx";
        return format is null or "xlsx" or "csv";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
