using BenchmarkDotNet.Attributes;
using Dapper;
using HelpAgency.Storage;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Benchmarks.Storage;

/// <summary>
/// One eight-parameter INSERT as the SQLite writer runs it through Dapper: on a plain connection (compiled again
/// each call), and on the writer's caching connection with parameter names bound bare or as the statement spells them.
/// Run: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*StatementBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class StatementBenchmarks
{
    private const string Sql = """
        INSERT INTO callbacks (key, user_id, status, replies, completed_at, next_attempt_at, attempts, urgent)
        VALUES (@key, @userId, @status, @replies, @completedAt, @nextAttemptAt, @attempts, @urgent)
        """;

    private string _folder = "";
    private SqliteConnection _plain = null!;
    private CachingSqliteConnection _bare = null!;
    private CachingSqliteConnection _spelled = null!;
    private System.Data.Common.DbTransaction _plainTx = null!;
    private System.Data.Common.DbTransaction _bareTx = null!;
    private System.Data.Common.DbTransaction _spelledTx = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("helpagency-statements-").FullName;
        SqliteConnection Open(string name)
        {
            var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, name)};Pooling=False");
            connection.Open();
            connection.Execute("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;");
            connection.Execute("CREATE TABLE callbacks (key TEXT PRIMARY KEY, user_id TEXT, status TEXT, replies TEXT, completed_at TEXT, next_attempt_at TEXT, attempts INTEGER, urgent INTEGER)");
            return connection;
        }

        _plain = Open("plain.db");
        _bare = new CachingSqliteConnection(Open("bare.db"), spellParameterNames: false);
        _spelled = new CachingSqliteConnection(Open("spelled.db"));
        // Inside one open transaction, as the writer's group runs them: the statement's cost, not a commit's.
        _plainTx = _plain.BeginTransaction();
        _bareTx = _bare.BeginTransaction();
        _spelledTx = _spelled.BeginTransaction();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainTx.Rollback();
        _bareTx.Rollback();
        _spelledTx.Rollback();
        _plain.Dispose();
        _bare.Dispose();
        _spelled.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "plain connection")]
    public int Plain() => _plain.Execute(Sql, Row(), _plainTx);

    [Benchmark(Description = "compiled, bare names")]
    public int Bare() => _bare.Execute(Sql, Row(), _bareTx);

    [Benchmark(Description = "compiled, spelled names")]
    public int Spelled() => _spelled.Execute(Sql, Row(), _spelledTx);

    private object Row()
    {
        var n = ++_next;
        return new { key = "msg:" + n, userId = "zhang.san", status = "replied", replies = "[]", completedAt = "2026-12-03T08:00:00Z", nextAttemptAt = "2026-12-03T08:00:00Z", attempts = 1, urgent = false };
    }
}
