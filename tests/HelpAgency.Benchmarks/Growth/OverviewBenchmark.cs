using System.Diagnostics;
using Dapper;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Oversight;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.Benchmarks.Growth;

/// <summary>
/// The supervisor overview on a large database: seeds like <see cref="CaseStoreBenchmark"/>, then moves items so the
/// overview has something to count (every LX01 approved after three days, a third of the LX06 accepted and overdue,
/// archived cases rated), and times <see cref="CaseQueries.OverviewAsync"/> and the first page of a filtered case list.
/// </summary>
public static class OverviewBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cases = CaseStoreBenchmark.Option(args, "--cases", 100_000);
        var ledger = CaseStoreBenchmark.Option(args, "--ledger", 200_000);
        var samples = CaseStoreBenchmark.Option(args, "--samples", 30);
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var keep = args.Contains("--keep"); // leaves the SQLite file for a closer look at the plans
        var root = RepositoryRoot.Find();
        var folder = Directory.CreateTempSubdirectory("helpagency-bench-").FullName;
        string? schema = null;
        var settings = new Dictionary<string, string?> { ["Storage:ConnectionString"] = "Data Source=bench.db" };
        if (postgres is not null)
        {
            schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }

            settings["Storage:Provider"] = "Postgres";
            settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ToString();
        }

        var services = new ServiceCollection()
            .AddHelpAgencyStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), folder)
            .BuildServiceProvider();
        try
        {
            var database = services.GetRequiredService<Database>();
            await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).RunAsync(default);
            var seeding = Stopwatch.StartNew();
            await CaseStoreBenchmark.SeedAsync(database, cases, ledger);
            await ProgressAsync(database);
            Console.WriteLine($"engine={database.Engine} cases={cases} ledger_rows={ledger} seeded_in={seeding.Elapsed.TotalSeconds:F1}s");

            var catalog = ApprovalCatalog.Load(Path.Combine(root, "dialogs", "catalog.yaml"));
            var calendar = WorkingDayCalendar.Load(Path.Combine(root, "dialogs", "holidays.yaml"));
            var queries = new CaseQueries(services.GetRequiredService<IUnitOfWorkFactory>(), catalog, calendar, ReplyTemplates.Load(Path.Combine(root, "dialogs", ReplyTemplates.FileName)));
            var now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
            var supervisor = new AppUser("bench-supervisor", "督导", UserRole.Supervisor, now);
            await using (var work = await services.GetRequiredService<IUnitOfWorkFactory>().BeginAsync(default))
            {
                await work.Users.UpsertAsync(supervisor, default);
                await work.CommitAsync(default);
            }

            var overview = await queries.OverviewAsync(supervisor, now, default);
            Console.WriteLine($"overview: open={overview.OpenCases} closed={overview.ClosedCases} overdue={overview.OverdueCount} stages={overview.OpenByStage.Count} rated={overview.Satisfaction.Count}");
            CaseStoreBenchmark.Report("overview", await CaseStoreBenchmark.TimeAsync(samples, () => queries.OverviewAsync(supervisor, now, default)));
            CaseStoreBenchmark.Report("overview_as_assistant", await CaseStoreBenchmark.TimeAsync(samples, () => queries.OverviewAsync(supervisor with { Id = "a7", Role = UserRole.Assistant }, now, default)));
            var filter = new CaseFilter(Stage: "land_planning", Overdue: true);
            CaseStoreBenchmark.Report("case_list_filtered", await CaseStoreBenchmark.TimeAsync(samples, () => queries.CasesAsync(supervisor, filter, new PageRequest(1, 20), now, default)));
            return 0;
        }
        finally
        {
            await services.DisposeAsync();
            if (schema is not null)
            {
                await using var admin = new NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP SCHEMA {schema} CASCADE", commandTimeout: 600);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep)
            {
                Console.WriteLine($"kept: {Path.Combine(folder, "bench.db")}");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task ProgressAsync(Database database)
    {
        var pg = database.Provider == StorageProvider.Postgres;
        string At(string text) => pg ? $"TIMESTAMPTZ '{text}'" : $"'{text}'";
        await using var connection = await database.OpenAsync(default);
        await connection.ExecuteAsync(
            $"""
            UPDATE case_items SET status = 'approved', accepted_at = {At("2026-10-05T01:00:00.0000000Z")}, completed_at = {At("2026-10-08T01:00:00.0000000Z")},
                certificate_no = 'BENCH' WHERE item_code = 'LX01';
            UPDATE case_items SET status = 'accepted', submitted_at = {At("2026-10-09T01:00:00.0000000Z")}, accepted_at = {At("2026-10-10T01:00:00.0000000Z")}
                WHERE item_code = 'LX06' AND case_id % 3 = 0;
            UPDATE cases SET evaluation_score = (id / 5) % 5 + 1 WHERE status = 'archived';
            ANALYZE;
            """,
            commandTimeout: 3600);
    }
}
