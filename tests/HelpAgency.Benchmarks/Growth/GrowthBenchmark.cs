using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Users;
using HelpAgency.Storage;

namespace HelpAgency.Benchmarks.Growth;

/// <summary>
/// Growth curves: seeds 1k, 10k and 100k cases (20 ledger rows each) into fresh databases and times what users
/// and the reminders wait for at each size, printing one markdown table of medians per engine. The data ages
/// with the case id over a 1,000-day history: the newest 30% of cases are open, the older ones closed (one in
/// ten terminated, which leaves items in open statuses behind), so history grows while each assistant keeps 20 cases.
/// </summary>
public static class GrowthBenchmark
{
    private const int CasesPerAssistant = 20;
    private const int LedgerPerCase = 20;
    private const int HistoryDays = 1000;
    private const int ReminderBatch = 500; // as FollowUpScheduler asks
    private const int MeetingsInWindow = 3;
    private const string LedgerDetails = "{\"text\":\"电话沟通材料准备情况\"}";
    private static readonly DateOnly FirstDay = new(2024, 1, 1);
    private static readonly string[] ItemCodes = ["LX01", "LX06", "GC01", "GC02", "SG01", "SG04"];

    public static async Task<int> RunAsync(string[] args)
    {
        var scales = (Value(args, "--scales") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var samples = int.Parse(Value(args, "--samples") ?? "200", CultureInfo.InvariantCulture);
        var postgres = Value(args, "--postgres");
        var keep = args.Contains("--keep");
        var root = RepositoryRoot.Find();
        var catalog = ApprovalCatalog.Load(Path.Combine(root, "dialogs", "catalog.yaml"));
        var calendar = WorkingDayCalendar.Load(Path.Combine(root, "dialogs", "holidays.yaml"));
        var operations = BenchmarkOperations.Create(root, catalog, calendar);

        var medians = new Dictionary<string, List<double>>();
        string engine = "";
        foreach (var cases in scales)
        {
            await using var bench = await BenchmarkDatabase.CreateAsync(postgres);
            bench.Keep = keep && cases == scales[^1];
            engine = bench.Database.Engine;
            var seeding = Stopwatch.StartNew();
            await SeedAsync(bench.Database, cases);
            Console.WriteLine($"engine={engine} cases={cases} ledger_rows={cases * LedgerPerCase} seeded_in={seeding.Elapsed.TotalSeconds:F1}s");
            foreach (var (name, times) in await MeasureAsync(new UnitOfWorkFactory(bench.Database), operations, cases, samples))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: median_ms={times[times.Length / 2]:F3} p95_ms={times[(int)(times.Length * 0.95)]:F3}"));
                (medians.TryGetValue(name, out var row) ? row : medians[name] = []).Add(times[times.Length / 2]);
            }

            if (bench.Keep)
            {
                Console.WriteLine($"kept: {bench.ConnectionString}");
            }
        }

        Console.WriteLine();
        Console.WriteLine(Table(engine, scales, medians));
        return 0;
    }

    private static async Task<List<(string Name, double[] Times)>> MeasureAsync(IUnitOfWorkFactory units, CaseOperations operations, int cases, int samples)
    {
        var random = new Random(42);
        var today = FirstDay.AddDays(HistoryDays);
        var now = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8));
        var firstOpen = (int)(cases * 0.7) + 1;
        var assistants = Math.Max(1, cases / CasesPerAssistant);
        var results = new List<(string, double[])>();

        async Task Time(string name, Func<IUnitOfWork, Task<int>> operation, Func<int, bool> expected)
        {
            var times = await CaseStoreBenchmark.TimeAsync(samples, async () =>
            {
                await using var work = await units.BeginReadAsync(default);
                var count = await operation(work);
                if (!expected(count))
                {
                    throw new InvalidOperationException($"{name} read back {count} rows.");
                }
            }, warmup: 20);
            results.Add((name, times));
        }

        await Time("progress query (contact's case in full)", async work =>
        {
            var id = random.Next(firstOpen, cases + 1);
            var contact = new AppUser($"c{id}", "", UserRole.Contact, now);
            return (await operations.Reader.GetAsync(new OperationContext(work, contact, now), id, default)).Items.Count;
        }, count => count == ItemCodes.Length);
        await Time("supervisor's open cases (ListAsync, 200)", async work =>
            (await work.Cases.ListAsync(openOnly: true, long.MaxValue, 200, default)).Count, count => count == Math.Min(200, cases - firstOpen + 1));
        await Time("assistant's open cases (OfAssistantAsync)", async work =>
            (await work.Cases.OfAssistantAsync($"a{random.Next(1, assistants + 1)}", openOnly: true, default)).Count, count => count > 0);
        await Time("supervisor's project names (recognition, 200 cases)", async work =>
            (await work.Projects.NamesWithOpenCasesAsync(null, ProjectNames.StaffCases, default)).Count, count => count == Math.Min(200, cases - firstOpen + 1));
        await Time("assistant's project names (recognition)", async work =>
            (await work.Projects.NamesWithOpenCasesAsync($"a{random.Next(1, assistants + 1)}", ProjectNames.StaffCases, default)).Count, count => count > 0);
        await Time("reminders: OverdueItemsAsync (500)", async work =>
            (await work.Cases.OverdueItemsAsync(today, ReminderBatch, default)).Count, count => count > 0);
        await Time("reminders: DueActionsAsync (500)", async work =>
            (await work.Coordination.DueActionsAsync(today, ReminderBatch, default)).Count, count => count > 0);
        await Time("reminders: MeetingsStartingAsync (1 h)", async work =>
            (await work.Coordination.MeetingsStartingAsync(now, now.AddHours(1), default)).Count, count => count == MeetingsInWindow);
        return results;
    }

    private static async Task SeedAsync(Database database, int cases)
    {
        var pg = database.Provider == StorageProvider.Postgres;
        var assistants = Math.Max(1, cases / CasesPerAssistant);
        string Series(int count) => pg
            ? $"SELECT n FROM generate_series(1, {count}) AS n"
            : $"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count}) SELECT n FROM s";
        string Day(string days) => pg ? $"(DATE '{FirstDay:yyyy-MM-dd}' + ({days})::int)" : $"date('{FirstDay:yyyy-MM-dd}', '+' || ({days}) || ' days')";
        string At(string days) => pg
            ? $"(TIMESTAMPTZ '{FirstDay:yyyy-MM-dd}T02:00:00Z' + ({days}) * INTERVAL '1 day')"
            : $"(strftime('%Y-%m-%dT%H:%M:%S', '{FirstDay:yyyy-MM-dd}T02:00:00', '+' || ({days}) || ' days') || '.0000000Z')";
        var text = pg ? "::text" : "";
        var yes = pg ? "TRUE" : "1";
        var no = pg ? "FALSE" : "0";
        string Opened(string id) => $"(({id} - 1) * {HistoryDays} / {cases})"; // the day a case opened, oldest ids first
        string Open(string id) => $"({id} * 10 > {cases} * 7)";
        var opened = Opened("n");
        var open = Open("n");
        var terminated = $"(NOT {open} AND n % 10 = 0)";
        var items = string.Join(" UNION ALL ", ItemCodes.Select((c, i) => $"SELECT '{c}' AS code, {i + 1} AS seq"));

        await using var connection = await database.OpenAsync(default);
        await using var transaction = await connection.BeginTransactionAsync();
        async Task Run(string sql) => await connection.ExecuteAsync(sql, transaction: transaction, commandTimeout: 3600);

        await Run($"INSERT INTO users (id, display_name, role, created_at) VALUES ('s1', 'supervisor', 'supervisor', {At("0")})");
        await Run($"INSERT INTO users (id, display_name, role, created_at) SELECT 'a' || n{text}, 'assistant ' || n{text}, 'assistant', {At("0")} FROM ({Series(assistants)}) q");
        await Run($"INSERT INTO staff (user_id, phone, parks, on_duty) SELECT 'a' || n{text}, '13800000000', '[\"光谷生物城\"]', {yes} FROM ({Series(assistants)}) q");
        await Run($"INSERT INTO users (id, display_name, role, created_at) SELECT 'c' || n{text}, 'contact ' || n{text}, 'contact', {At(opened)} FROM ({Series(cases)}) q");
        await Run($"""
            INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
            SELECT 'project ' || n{text}, 'unit ' || n{text}, '91420100MA4K8LT2XN', 'social_filing', '光谷生物城', {no}, {no}, {At(opened)}
            FROM ({Series(cases)}) q ORDER BY n
            """);
        await Run($"INSERT INTO project_contacts (project_id, user_id, name, phone, since) SELECT n, 'c' || n{text}, '张三', '13912345678', {At(opened)} FROM ({Series(cases)}) q");
        await Run($"""
            INSERT INTO cases (project_id, status, assistant_id, opened_at, closed_at)
            SELECT n, CASE WHEN {open} THEN 'in_progress' WHEN {terminated} THEN 'terminated' ELSE 'archived' END,
                   'a' || (((n - 1) % {assistants}) + 1){text}, {At(opened)}, CASE WHEN {open} THEN NULL ELSE {At(opened + " + 90")} END
            FROM ({Series(cases)}) q ORDER BY n
            """);
        await Run($"""
            INSERT INTO case_items (case_id, item_code, seq, status, planned_start, planned_due, updated_at, case_open)
            SELECT n, i.code, i.seq,
                   CASE WHEN {open} THEN CASE i.seq WHEN 1 THEN 'approved' WHEN 2 THEN 'submitted' WHEN 3 THEN 'preparing' ELSE 'not_started' END
                        WHEN {terminated} THEN CASE i.seq WHEN 1 THEN 'approved' WHEN 2 THEN 'preparing' WHEN 3 THEN 'correction_required' ELSE 'not_started' END
                        ELSE CASE WHEN i.seq = 6 THEN 'not_applicable' ELSE 'approved' END END,
                   {Day($"{opened} + 10 * (i.seq - 1)")}, {Day($"{opened} + 10 * i.seq")}, {At(opened)}, {open}
            FROM ({Series(cases)}) q CROSS JOIN ({items}) i
            """);
        await Run($"""
            INSERT INTO service_ledger (at, actor_id, actor_role, case_id, project_id, item_code, action, details)
            SELECT {At("0")}, 'a1', 'assistant', (n % {cases}) + 1, (n % {cases}) + 1, 'LX01', 'service_record', '{LedgerDetails}'
            FROM ({Series(cases * LedgerPerCase)}) q
            """);

        // A held coordination meeting for every tenth case, two follow-up actions each (one still open on open cases),
        // scheduled meetings ahead for open cases, and a fixed few starting within the reminder window.
        const string meetingColumns = "case_id, topic, starts_at, place, participants, agenda, status, created_by, created_at";
        await Run($"""
            INSERT INTO meetings ({meetingColumns})
            SELECT n, '协调会', {At($"{opened} + 15")}, '会议室', '["a1"]', '议程', 'held', 'a1', {At(opened)} FROM ({Series(cases)}) q WHERE n % 10 = 3
            """);
        await Run($"""
            INSERT INTO follow_up_actions (meeting_id, description, owner_id, due_date, done_at)
            SELECT m.id, '落实事项', 'a1', {Day($"{Opened("m.case_id")} + 25")},
                   CASE WHEN k.k = 2 AND {Open("m.case_id")} THEN NULL ELSE m.starts_at END
            FROM meetings m CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2) k
            """);
        await Run($"""
            INSERT INTO meetings ({meetingColumns})
            SELECT n, '协调会', {At($"{HistoryDays} + 1 + n % 20")}, '会议室', '["a1"]', '议程', 'scheduled', 'a1', {At(opened)}
            FROM ({Series(cases)}) q WHERE {open} AND n % 10 = 7
            """);
        await Run($"""
            INSERT INTO meetings ({meetingColumns})
            SELECT n, '协调会', {At(HistoryDays.ToString(CultureInfo.InvariantCulture))}, '会议室', '["a1","c1"]', '议程', 'scheduled', 'a1', {At(opened)}
            FROM ({Series(cases)}) q WHERE n > {cases - MeetingsInWindow}
            """);
        await transaction.CommitAsync();
        await connection.ExecuteAsync("ANALYZE", commandTimeout: 3600, commandType: System.Data.CommandType.Text);
    }

    private static string Table(string engine, int[] scales, Dictionary<string, List<double>> medians)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| {engine}: median ms | {string.Join(" | ", scales.Select(Size))} |");
        table.AppendLine($"| --- |{string.Concat(scales.Select(_ => " ---: |"))}");
        foreach (var (name, row) in medians)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", row.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))} |");
        }

        return table.ToString();
    }

    private static string Size(int cases) => cases >= 1000 && cases % 1000 == 0 ? $"{cases / 1000}k cases" : $"{cases} cases";

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
