using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using HelpAgency.Load;
using Npgsql;

// Load benchmark: the bot host over encrypted WeCom callbacks against a bare ASP.NET Core endpoint as the ceiling.
// dotnet run -c Release --project tests/HelpAgency.Load -- [--engine sqlite|postgres] [--postgres <conn>] [--users 64] [--seconds 20] [--rate 5000] [--utterance <text>]
if (args is ["bare", .. var bareArgs])
{
    return await BareEndpoint.RunAsync(bareArgs);
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var root = RepositoryRoot();
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var token = cancel.Token;
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 1024,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseProxy = false,
})
{ Timeout = TimeSpan.FromSeconds(30) };

Console.WriteLine($"load: engine={options.Engine} users={options.Users} seconds={options.Duration.TotalSeconds} warmup={options.Warmup.TotalSeconds} cores={Environment.ProcessorCount} config={options.Configuration}{(options.Utterance is null ? "" : $" utterance={options.Utterance}")}");

// The ceiling: the same client, the same body size, the same concurrency, against an endpoint that does nothing.
double ceiling;
await using (var bare = await HostProcess.StartBareAsync(token))
{
    var body = CallbackDriver.SampleBody();
    var bareRun = await ClosedLoopAsync(options, bare.ProcessId, (_, _, latencies, start) => PostBareAsync(http, bare.Url, body, latencies, start, token), token);
    ceiling = bareRun.PerSecond;
    Console.WriteLine($"ceiling: bare endpoint {ceiling:F0} req/s p50_ms={bareRun.Latencies.PercentileMs(50):F2} p99_ms={bareRun.Latencies.PercentileMs(99):F2} errors={bareRun.Latencies.Errors} cpu_us_per_req={bareRun.CpuPerItem}");
}

await using var wecom = await FakeWeComApi.StartAsync();
var (connectionString, dropDatabase) = await PrepareDatabaseAsync(options, token);
var settings = CallbackDriver.HostSettings(wecom.BaseUrl);
settings["Storage__Provider"] = options.Engine == "postgres" ? "Postgres" : "Sqlite";
settings["Storage__ConnectionString"] = connectionString;
settings["Demo__Seed"] = "true";

double turnsPerSecond, p99;
string cpuPerTurn;
await using (var host = await HostProcess.StartBotAsync(root, options.Configuration, settings, token))
{
    var driver = new CallbackDriver(http, host.Url);
    var run = await ClosedLoopAsync(options, host.ProcessId, (user, turn, latencies, start) =>
        driver.SendAsync($"load-{user}", options.Utterance ?? Conversations.Utterance(turn, user), latencies, start, token), token);
    turnsPerSecond = run.PerSecond;
    p99 = run.Latencies.PercentileMs(99);
    cpuPerTurn = run.CpuPerItem;
    Console.WriteLine($"bot: {turnsPerSecond:F0} turns/s cpu_us_per_turn={cpuPerTurn} host_cores={run.HostCores} p50_ms={run.Latencies.PercentileMs(50):F2} p95_ms={run.Latencies.PercentileMs(95):F2} p99_ms={p99:F2} errors={run.Latencies.Errors} via_api={run.Latencies.ViaApi} turns={run.Latencies.Count}");

    // The same turns at a fixed arrival rate: latency counted from when each turn was due, so a host that
    // falls behind shows it (no coordinated omission).
    var paced = await PacedAsync(options, (user, turn, latencies, start) =>
        driver.SendAsync($"paced-{user}", options.Utterance ?? Conversations.Utterance(turn, user), latencies, start, token), token);
    Console.WriteLine($"paced: target={options.PacedRate} turns/s achieved={paced.PerSecond:F0} p50_ms={paced.Latencies.PercentileMs(50):F2} p95_ms={paced.Latencies.PercentileMs(95):F2} p99_ms={paced.Latencies.PercentileMs(99):F2} errors={paced.Latencies.Errors} via_api={paced.Latencies.ViaApi} unsent={paced.Missed}");

    // Let the outbox drain so the working set includes the dispatcher's share of the work.
    await Task.Delay(TimeSpan.FromSeconds(3), token);
    Console.WriteLine($"host: working_set_mib={host.WorkingSetMiB():F0} peak_working_set_mib={host.PeakWorkingSetMiB():F0} wecom_api_calls={wecom.Sends}");
}

await dropDatabase();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"turns/s={turnsPerSecond:F0} cpu_us_per_turn={cpuPerTurn} p99_ms={p99:F2} ceiling_ratio={turnsPerSecond / ceiling:F3}"));
return 0;

static async Task<Phase> ClosedLoopAsync(LoadOptions options, int serverProcessId, Func<int, int, Latencies?, long, Task> turn, CancellationToken token)
{
    var conversations = -1;
    var measured = new Latencies();
    var started = Stopwatch.GetTimestamp();
    var measureFrom = started + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
    var stopAt = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
    // The server's CPU time over the measured window, user and system.
    var cpu = Task.Run(async () =>
    {
        await DelayUntilAsync(measureFrom, token);
        var before = ProcessCpu.Read(serverProcessId);
        await DelayUntilAsync(stopAt, token);
        return ProcessCpu.Read(serverProcessId) - before;
    }, token);
    var workers = Enumerable.Range(0, options.Users).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            // Each simulated user plays one whole conversation, its turns one after another, then a new user starts.
            var user = Interlocked.Increment(ref conversations);
            for (var t = 0; t < Conversations.Length && Stopwatch.GetTimestamp() < stopAt; t++)
            {
                var now = Stopwatch.GetTimestamp();
                await turn(user, t, now >= measureFrom ? measured : null, now);
            }
        }
    }, token)).ToList();
    await Task.WhenAll(workers);
    var cpuTime = await cpu;
    return new Phase(measured, measured.Count / options.Duration.TotalSeconds)
    {
        CpuPerItem = ProcessCpu.PerItem(cpuTime, measured.Count),
        HostCores = cpuTime is { } time ? (time / options.Duration).ToString("F2", CultureInfo.InvariantCulture) : "n/a",
    };
}

static Task DelayUntilAsync(long timestamp, CancellationToken token)
{
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
    return wait > TimeSpan.Zero ? Task.Delay(wait, token) : Task.CompletedTask;
}

static async Task<Phase> PacedAsync(LoadOptions options, Func<int, int, Latencies?, long, Task> turn, CancellationToken token)
{
    // Enough users that each sends well under one turn at a time at the target rate.
    var users = Math.Max(options.Users, options.PacedRate / 20);
    var measured = new Latencies();
    var interval = (double)Stopwatch.Frequency * users / options.PacedRate;
    var started = Stopwatch.GetTimestamp();
    var stopAt = started + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
    // A host that falls far behind would keep the run going for minutes: no turn starts after the window plus a
    // grace period. Each turn left unsent counts as answered at that moment, a lower bound on its latency.
    const int GraceSeconds = 10;
    var giveUpAt = stopAt + (GraceSeconds * Stopwatch.Frequency);
    var missed = 0L;
    var workers = Enumerable.Range(0, users).Select(u => Task.Run(async () =>
    {
        var due = started + (long)(interval * u / users);
        for (var t = 0; due < stopAt; t++, due += (long)interval)
        {
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), token);
            }

            if (Stopwatch.GetTimestamp() >= giveUpAt)
            {
                for (; due < stopAt; due += (long)interval)
                {
                    measured.Add((giveUpAt - due) * 1_000_000 / Stopwatch.Frequency);
                    Interlocked.Increment(ref missed);
                }

                break;
            }

            await turn(u, t, measured, due);
        }
    }, token)).ToList();
    await Task.WhenAll(workers);
    // Turns due in the window but answered after it stretch the time: the rate achieved, not the rate asked.
    var elapsed = (double)(Stopwatch.GetTimestamp() - started) / Stopwatch.Frequency;
    return new Phase(measured, (measured.Count - missed) / elapsed, missed);
}

static async Task PostBareAsync(HttpClient http, string url, string body, Latencies? into, long start, CancellationToken token)
{
    using var content = new StringContent(body, Encoding.UTF8, "text/xml");
    try
    {
        using var response = await http.PostAsync(url + "/", content, token);
        await response.Content.ReadAsByteArrayAsync(token);
        if (into is not null)
        {
            if (response.IsSuccessStatusCode)
            {
                into.Add((Stopwatch.GetTimestamp() - start) * 1_000_000 / Stopwatch.Frequency);
            }
            else
            {
                Interlocked.Increment(ref into.Errors);
            }
        }
    }
    catch (HttpRequestException) when (into is not null)
    {
        Interlocked.Increment(ref into.Errors);
    }
}

static async Task<(string ConnectionString, Func<Task> Drop)> PrepareDatabaseAsync(LoadOptions options, CancellationToken token)
{
    if (options.Engine == "sqlite")
    {
        var folder = Directory.CreateTempSubdirectory("helpagency-load-").FullName;
        return ($"Data Source={Path.Combine(folder, "load.db")}", () =>
        {
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }

    // A database of its own, dropped afterwards, so every run starts from the same empty schema.
    var name = "helpagency_load_" + Guid.NewGuid().ToString("N")[..12];
    await using (var admin = new NpgsqlConnection(options.Postgres))
    {
        await admin.OpenAsync(token);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync(token);
    }

    var connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = name }.ToString();
    return (connectionString, async () =>
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(options.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    });
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "HelpAgency.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("HelpAgency.sln not found above " + AppContext.BaseDirectory);
}

/// <summary>What one phase measured.</summary>
internal sealed record Phase(Latencies Latencies, double PerSecond, long Missed = 0)
{
    /// <summary>The server's CPU µs per turn (or request) over the measured window, or n/a without /proc.</summary>
    public string CpuPerItem { get; init; } = "n/a";

    /// <summary>The server's CPU time over the window divided by the window: how many cores it kept busy.</summary>
    public string HostCores { get; init; } = "n/a";
}
