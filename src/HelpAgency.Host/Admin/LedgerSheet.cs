using System.Globalization;
using System.Text;
using HelpAgency.Core;
using HelpAgency.Core.Oversight;
using HelpAgency.Host.Http;
using MiniExcelLibs;

namespace HelpAgency.Host.Admin;

/// <summary>The service ledger (服务记录台账) as a table with the headers of console.yaml, written as XLSX (MiniExcel) or CSV.</summary>
public sealed class LedgerSheet(LedgerText text, ConsoleTexts texts)
{
    private static readonly string[] Columns = ["number", "time", "reference", "project", "item", "action", "summary", "actor", "role"];

    /// <summary>The columns' headers (序号, 时间 …).</summary>
    public IReadOnlyList<string> Headers { get; } = [.. Columns.Select(c => texts.Text("ledger.column." + c))];

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    public IEnumerable<IDictionary<string, object?>> Rows(IEnumerable<LedgerRow> lines) => lines.Select(l =>
    {
        var e = l.Entry;
        object?[] values =
        [
            e.Id,
            ChinaTime.Of(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            l.ReferenceNo ?? "",
            l.ProjectName ?? "",
            text.ItemName(e.ItemCode),
            text.ActionName(e.Action),
            text.Summary(e.Action, e.ItemCode, e.Details),
            text.ActorWithId(e.ActorId, l.ActorName),
            text.RoleName(e.ActorRole),
        ];
        return (IDictionary<string, object?>)Headers.Zip(values).ToDictionary(p => p.First, p => p.Second);
    });

    public async Task<byte[]> XlsxAsync(IEnumerable<LedgerRow> lines, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        var rows = Rows(lines).ToList();
        if (rows.Count == 0)
        {
            // MiniExcel takes the header from the first row: an empty ledger still says what its columns are.
            rows.Add(Headers.ToDictionary(h => h, _ => (object?)null));
        }

        await MiniExcel.SaveAsAsync(stream, rows, printHeader: true, sheetName: texts.Text("ledger.sheet"), cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    /// <summary>CSV with a BOM so that Excel reads the Chinese; cells that a spreadsheet would run as a formula are quoted as text.</summary>
    public byte[] Csv(IEnumerable<LedgerRow> lines)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Headers).Append("\r\n");
        foreach (var row in Rows(lines))
        {
            csv.AppendJoin(',', row.Values.Select(v => Cell(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
