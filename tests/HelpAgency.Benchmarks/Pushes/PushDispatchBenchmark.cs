extern alias host;

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using host::HelpAgency.Host.Pushes;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Storage;
using HelpAgency.Storage.Migrations;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.Benchmarks.Pushes;

/// <summary>
/// Dispatcher throughput: queues N pushes to M members in a fresh database, then times the real dispatcher
/// (real WeComPushSender and WeComApiClient with its Polly pipeline) draining them into a fake WeCom server on
/// loopback, once without faults and once with a share of transient HTTP 503s. Prints messages a second.
/// </summary>
public static class PushDispatchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pushes = Option(args, "--pushes", 20_000);
        var members = Option(args, "--members", 2_000);
        var faults = Option(args, "--faults", 10) / 100.0;
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var settings = new PushOptions
        {
            BatchSize = Option(args, "--batch", 500),
            SendConcurrency = Option(args, "--concurrency", 32),
            ConcurrentBatches = Option(args, "--batches", 4),
            PollInterval = TimeSpan.FromMilliseconds(100),
            // The benchmark measures the dispatcher, not WeCom's quotas: limits out of the way.
            GlobalPerMinute = int.MaxValue,
            PerMemberPerMinute = int.MaxValue,
            PerMemberPerHour = int.MaxValue,
            QuietFrom = new TimeOnly(0, 0),
            QuietUntil = new TimeOnly(0, 0),
        };

        await using var wecom = await FakeWeComApi.StartAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pushes={pushes} members={members} batch={settings.BatchSize} concurrency={settings.SendConcurrency} batches_in_flight={settings.ConcurrentBatches} engine={(postgres is null ? "sqlite" : "postgres")}"));
        foreach (var rate in faults > 0 ? new[] { 0.0, faults } : [0.0])
        {
            wecom.FaultRate = rate;
            await RunOnceAsync(wecom, postgres, settings, pushes, members, rate);
        }

        return 0;
    }

    private static async Task RunOnceAsync(FakeWeComApi wecom, string? postgres, PushOptions settings, int pushes, int members, double faultRate)
    {
        var (options, cleanUp) = await FreshDatabaseAsync(postgres);
        try
        {
            await using var database = new Database(Options.Create(options));
            await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).RunAsync(default);
            var units = new UnitOfWorkFactory(database);
            var now = DateTimeOffset.UtcNow;
            await using (var work = await units.BeginAsync(default))
            {
                for (var i = 0; i < pushes; i++)
                {
                    var content = JsonSerializer.Serialize(new { text = $"**进度更新** 事项 SG01 已办结（第 {i} 条）" });
                    await work.Outbox.EnqueueAsync(new OutboxMessage(0, $"bench:{i}", $"member{i % members}", "markdown", content, false, OutboxStatus.Pending, 0, now, now), default);
                }

                await work.CommitAsync(default);
            }

            var services = new ServiceCollection();
            // Errors only, and not Polly's line for every retried 503: the faults are injected on purpose.
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddFilter("Polly", LogLevel.None).AddSimpleConsole());
            services.Configure<WeComOptions>(o =>
            {
                o.CorpId = "ww-bench";
                o.AgentId = 1000002;
                o.Secret = "bench-secret";
                o.ApiBaseUrl = wecom.BaseUrl;
            });
            services.AddWeComApi();
            await using var provider = services.BuildServiceProvider();
            var dispatcher = new OutboxDispatcher(units, new WeComPushSender(provider.GetRequiredService<WeComApiClient>()), new TransactionalOutbox(Options.Create(settings)), Options.Create(settings), TimeProvider.System,
                ReplyTemplates.Load(Path.Combine(RepositoryRoot.Find(), "dialogs", ReplyTemplates.FileName)), provider.GetRequiredService<ILogger<OutboxDispatcher>>());

            var callsBefore = wecom.Calls;
            var deliveredBefore = wecom.Delivered;
            var clock = Stopwatch.StartNew();
            var sent = 0;
            // The background loop, as the host runs it.
            await dispatcher.StartAsync(default);
            while (sent < pushes && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(20);
                sent = await CountSentAsync(database);
            }

            clock.Stop();
            await dispatcher.StopAsync(default);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"faults={faultRate:P0} sent={sent}/{pushes} seconds={seconds:F2} messages_per_second={sent / seconds:F0} wecom_calls={wecom.Calls - callsBefore} delivered={wecom.Delivered - deliveredBefore}"));
        }
        finally
        {
            await cleanUp();
        }
    }

    private static async Task<int> CountSentAsync(Database database)
    {
        await using var connection = await database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status = 'sent'");
    }

    private static async Task<(StorageOptions Options, Func<Task> CleanUp)> FreshDatabaseAsync(string? postgres)
    {
        if (postgres is null)
        {
            var folder = Directory.CreateTempSubdirectory("helpagency-pushes-").FullName;
            return (new StorageOptions { ConnectionString = "Data Source=pushes.db", BasePath = folder }, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return Task.CompletedTask;
            });
        }

        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
        }

        return (new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ToString() }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(postgres);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        });
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
