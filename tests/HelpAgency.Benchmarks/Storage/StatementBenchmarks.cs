using BenchmarkDotNet.Attributes;
using Dapper;
using HelpAgency.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Benchmarks.Storage;

/// <summary>
/// One eight-parameter INSERT as the SQLite writer runs it: through Dapper on a plain connection (compiled again
/// each call); on one compiled command reused with its parameter names bound bare, as Dapper passes them; and
/// through Dapper on the writer's caching connection, which binds the names as the statement spells them.
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
    private SqliteConnection _bare = null!;
    private SqliteCommand _bareCommand = null!;
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
        _bare = Open("bare.db");
        _spelled = new CachingSqliteConnection(Open("spelled.db"));
        // Inside one open transaction, as the writer's group runs them: the statement's cost, not a commit's.
        _plainTx = _plain.BeginTransaction();
        _bareTx = _bare.BeginTransaction();
        _spelledTx = _spelled.BeginTransaction();
        _bareCommand = _bare.CreateCommand();
        _bareCommand.CommandText = Sql;
        _bareCommand.Transaction = (SqliteTransaction)_bareTx;
        _bareCommand.Prepare();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bareCommand.Dispose();
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
    public int Bare()
    {
        // What the caching connection did before it spelled names: the compiled command, names as Dapper gives them.
        var n = ++_next;
        var parameters = _bareCommand.Parameters;
        parameters.Clear();
        parameters.AddWithValue("key", "msg:" + n);
        parameters.AddWithValue("userId", "zhang.san");
        parameters.AddWithValue("status", "replied");
        parameters.AddWithValue("replies", "[]");
        parameters.AddWithValue("completedAt", "2026-12-03T08:00:00Z");
        parameters.AddWithValue("nextAttemptAt", "2026-12-03T08:00:00Z");
        parameters.AddWithValue("attempts", 1);
        parameters.AddWithValue("urgent", false);
        return _bareCommand.ExecuteNonQuery();
    }

    [Benchmark(Description = "compiled, spelled names")]
    public int Spelled() => _spelled.Execute(Sql, Row(), _spelledTx);

    private object Row()
    {
        var n = ++_next;
        return new { key = "msg:" + n, userId = "zhang.san", status = "replied", replies = "[]", completedAt = "2026-12-03T08:00:00Z", nextAttemptAt = "2026-12-03T08:00:00Z", attempts = 1, urgent = false };
    }
}
