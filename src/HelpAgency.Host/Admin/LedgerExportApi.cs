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

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> CaseLedgerAsync(long id, string? format, HttpContext context, CaseOperations operations, StaffWork work, LedgerSheet sheet, CancellationToken cancellationToken)
    {
        if (!TryFormat(format, out var xlsx))
        {
            return ApiError.BadRequest("format 只能是 xlsx 或 csv。");
        }

        var (reference, rows) = await work.RunAsync(context, async ctx =>
        {
            var ledger = await operations.Reader.LedgerAsync(ctx, id, cancellationToken);
            var serviceCase = (await ctx.Work.Cases.FindAsync(id, forUpdate: false, cancellationToken))!;
            var project = await ctx.Work.Projects.FindAsync(serviceCase.ProjectId, cancellationToken);
            var names = (await ctx.Work.Staff.ListAsync(null, cancellationToken)).ToDictionary(s => s.UserId, s => s.Name, StringComparer.Ordinal);
            return (serviceCase.ReferenceNo, ledger.Select(e => new LedgerRow(e, serviceCase.ReferenceNo, project?.Name, names.GetValueOrDefault(e.ActorId))).ToList());
        });
        return await FileAsync(sheet, rows, $"服务记录台账-{reference}", xlsx, cancellationToken);
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ApiError>>> PeriodLedgerAsync(string? from, string? to, string? format, HttpContext context, CaseQueries queries, StaffWork work, LedgerSheet sheet, CancellationToken cancellationToken)
    {
        if (!TryFormat(format, out var xlsx))
        {
            return ApiError.BadRequest("format 只能是 xlsx 或 csv。");
        }

        if (!TryDay(from, out var first) || !TryDay(to, out var last))
        {
            return ApiError.BadRequest("请用 from 和 to 指定日期，如 from=2026-11-01&to=2026-11-30。");
        }

        if (first < FirstDay || last > LastDay)
        {
            return ApiError.BadRequest($"请选择 {FirstDay:yyyy-MM-dd} 至 {LastDay:yyyy-MM-dd} 之间的日期，每次最多导出一年的台账。");
        }

        var rows = await queries.LedgerAsync(StaffActor.Of(context), ChinaTime.StartOf(first), ChinaTime.StartOf(last.AddDays(1)), work.Now, cancellationToken);
        return await FileAsync(sheet, rows, $"服务记录台账-{first:yyyy-MM-dd}至{last:yyyy-MM-dd}", xlsx, cancellationToken);
    }

    private static async Task<FileContentHttpResult> FileAsync(LedgerSheet sheet, IReadOnlyList<LedgerRow> rows, string name, bool xlsx, CancellationToken cancellationToken) => xlsx
        ? TypedResults.File(await sheet.XlsxAsync(rows, cancellationToken), LedgerSheet.XlsxType, name + ".xlsx")
        : TypedResults.File(sheet.Csv(rows), LedgerSheet.CsvType, name + ".csv");

    private static bool TryFormat(string? format, out bool xlsx)
    {
        xlsx = format is null or "xlsx";
        return format is null or "xlsx" or "csv";
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
