using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SQLitePCL;

namespace HelpAgency.Storage.Sqlite;

/// <summary>
/// The statements SQLite starts on a database's connections, as its trace reports them (<c>sqlite3_trace</c>): each
/// statement once as it begins to run, whether compiled afresh or kept compiled, BEGIN, SAVEPOINT, RELEASE and COMMIT
/// included; the body of a trigger, which SQLite reports as a <c>-- TRIGGER</c> line, is part of its statement and not
/// counted. For tests that pin what a turn costs: a log is attached only when one is asked for, so a host that never
/// asks pays nothing for it.
/// </summary>
internal sealed class SqliteStatementLog
{
    private readonly ConcurrentQueue<string> _statements = new();

    /// <summary>The statements started since the log was attached or last drained, oldest first, and forgets them.</summary>
    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (_statements.TryDequeue(out var statement))
        {
            drained.Add(statement);
        }

        return drained;
    }

    private void Add(string statement)
    {
        if (!statement.StartsWith("--", StringComparison.Ordinal))
        {
            _statements.Enqueue(statement);
        }
    }

    /// <summary>The connections an engine opened, to attach a log to those already open and to those it opens later.</summary>
    internal sealed class Connections
    {
        private static readonly object Marker = new();
        private readonly ConditionalWeakTable<sqlite3, object> _opened = new();
        private volatile SqliteStatementLog? _log;

        /// <summary>Called for each connection as it opens (again, when pooled): logged from now on if a log is attached.</summary>
        public void Opened(sqlite3? handle)
        {
            if (handle is null)
            {
                return;
            }

            _opened.TryAdd(handle, Marker);
            if (_log is { } log)
            {
                Attach(handle, log);
            }
        }

        /// <summary>A new log, attached to every open connection and to each one opened after.</summary>
        public SqliteStatementLog Attach()
        {
            var log = new SqliteStatementLog();
            _log = log;
            foreach (var (handle, _) in _opened)
            {
                if (!handle.IsClosed && !handle.IsInvalid)
                {
                    Attach(handle, log);
                }
            }

            return log;
        }

        private static void Attach(sqlite3 handle, SqliteStatementLog log) =>
            raw.sqlite3_trace(handle, static (state, statement) => ((SqliteStatementLog)state).Add(statement.utf8_to_string()), log);
    }
}
