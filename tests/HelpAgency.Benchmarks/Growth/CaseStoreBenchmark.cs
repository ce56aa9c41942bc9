using System.Diagnostics;
using System.Globalization;
using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Users;
using HelpAgency.Storage;

namespace HelpAgency.Benchmarks.Growth;

/// <summary>
/// Seeds a fresh database with many cases and ledger rows (set-based SQL, so seeding is quick), then times
/// the two operations users wait for most: a progress read (a contact reads their case in full) and a case
/// update (an assistant moves an item, with its ledger entry, committed). Prints median, p95 and mean.
/// </summary>
public static class CaseStoreBenchmark
{
    private static readonly string[] ItemCodes = ["LX01", "LX06", "GC01", "GC02", "SG01", "SG04"];
    private const int Assistants = 50;
    private const string LedgerDetails = "{\"text\":\"电话沟通材料准备情况\"}";

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = Option(args, "--cases", 100_000);
        var ledger = Option(args, "--ledger", 2_000_000);
        var samples = Option(args, "--samples", 1_000);
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var root = RepositoryRoot.Find();

        await using var bench = await BenchmarkDatabase.CreateAsync(postgres);
        var database = bench.Database;
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, cases, ledger);
        Console.WriteLine($"engine={database.Engine} cases={cases} case_items={cases * ItemCodes.Length} ledger_rows={ledger} seeded_in={seeding.Elapsed.TotalSeconds:F1}s");

        var catalog = ApprovalCatalog.Load(Path.Combine(root, "dialogs", "catalog.yaml"));
        var calendar = WorkingDayCalendar.Load(Path.Combine(root, "dialogs", "holidays.yaml"));
        var operations = BenchmarkOperations.Create(root, catalog, calendar);
        var units = new UnitOfWorkFactory(database);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(42);

        var read = await TimeAsync(samples, async () =>
        {
            var id = random.Next(1, cases + 1);
            await using var work = await units.BeginReadAsync(default);
            var contact = new AppUser($"c{id}", "", UserRole.Contact, now);
            var details = await operations.Reader.GetAsync(new OperationContext(work, contact, now), id, default);
            if (details.Items.Count != ItemCodes.Length)
            {
                throw new InvalidOperationException("Seeded case read back wrong.");
            }
        });
        Report("progress_read", read);

        var updated = new HashSet<int>();
        var update = await TimeAsync(samples, async () =>
        {
            int id;
            do
            {
                id = random.Next(1, cases + 1);
            }
            while (id % 5 == 0 || !updated.Add(id)); // every fifth seeded case is archived

            await using var work = await units.BeginAsync(default);
            var assistant = new AppUser($"a{(id % Assistants) + 1}", "", UserRole.Assistant, now);
            await operations.Progress.UpdateItemAsync(new OperationContext(work, assistant, now), id, "LX01", ItemStatus.Preparing, null, null, default);
            await work.CommitAsync(default);
        });
        Report("case_update", update);
        return 0;
    }

    internal static async Task SeedAsync(Database database, int cases, int ledger)
    {
        var pg = database.Provider == StorageProvider.Postgres;
        string Series(int count) => pg
            ? $"SELECT n FROM generate_series(1, {count}) AS n"
            : $"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) SELECT n FROM s";
        var time = pg ? "now()" : "'2026-11-01T01:00:00.0000000Z'";
        var day = pg ? "DATE '2026-11-01'" : "'2026-11-01'";
        var text = pg ? "::text" : "";
        var items = string.Join(" UNION ALL ", ItemCodes.Select((c, i) => $"SELECT '{c}' AS code, {i + 1} AS seq"));

        await using var connection = await database.OpenAsync(default);
        await using var transaction = await connection.BeginTransactionAsync();
        async Task Run(string sql) => await connection.ExecuteAsync(sql, transaction: transaction, commandTimeout: 3600);

        await Run($"INSERT INTO users (id, display_name, role, created_at) SELECT 'a' || n{text}, 'assistant ' || n{text}, 'assistant', {time} FROM ({Series(Assistants)}) q");
        await Run($"INSERT INTO staff (user_id, phone, parks, on_duty) SELECT 'a' || n{text}, '13800000000', '[\"光谷生物城\"]', {(pg ? "TRUE" : "1")} FROM ({Series(Assistants)}) q");
        await Run($"INSERT INTO users (id, display_name, role, created_at) SELECT 'c' || n{text}, 'contact ' || n{text}, 'contact', {time} FROM ({Series(cases)}) q");
        await Run($"""
            INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
            SELECT 'project ' || n{text}, 'unit ' || n{text}, '91420100MA4K8LT2XN', 'social_filing', '光谷生物城', {(pg ? "FALSE" : "0")}, {(pg ? "FALSE" : "0")}, {time}
            FROM ({Series(cases)}) q ORDER BY n
            """);
        await Run($"INSERT INTO project_contacts (project_id, user_id, name, phone, since) SELECT n, 'c' || n{text}, '张三', '13912345678', {time} FROM ({Series(cases)}) q");
        await Run($"""
            INSERT INTO cases (project_id, status, assistant_id, opened_at)
            SELECT n, CASE WHEN n % 5 = 0 THEN 'archived' ELSE 'in_progress' END, 'a' || ((n % {Assistants}) + 1){text}, {time}
            FROM ({Series(cases)}) q ORDER BY n
            """);
        await Run($"""
            INSERT INTO case_items (case_id, item_code, seq, status, planned_start, planned_due, updated_at, case_open)
            SELECT q.n, i.code, i.seq, 'not_started', {day}, {day}, {time}, (q.n % 5 <> 0)
            FROM ({Series(cases)}) q CROSS JOIN ({items}) i
            """);
        await Run($"""
            INSERT INTO service_ledger (at, actor_id, actor_role, case_id, project_id, item_code, action, details)
            SELECT {time}, 'a1', 'assistant', (n % {cases}) + 1, (n % {cases}) + 1, 'LX01', 'service_record', '{LedgerDetails}'
            FROM ({Series(ledger)}) q
            """);
        await transaction.CommitAsync();
        await connection.ExecuteAsync("ANALYZE", commandTimeout: 3600, commandType: System.Data.CommandType.Text);
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="warmup"/> times (at most), then times it; the times sorted, in ms.</summary>
    internal static async Task<double[]> TimeAsync(int samples, Func<Task> operation, int warmup = 100)
    {
        for (var i = 0; i < Math.Min(warmup, samples); i++)
        {
            await operation();
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    internal static void Report(string name, double[] sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: samples={sorted.Length} median_ms={sorted[sorted.Length / 2]:F3} p95_ms={sorted[(int)(sorted.Length * 0.95)]:F3} mean_ms={sorted.Average():F3}"));

    internal static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
