using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage.Sqlite;

/// <summary>
/// A SQLite connection that keeps each statement it has run compiled for the next time its text comes round.
/// Dapper creates a command per call, and Microsoft.Data.Sqlite compiles a command's SQL again for every new
/// command (no connection-level cache: dotnet/efcore#14044); for the writer's short statements compiling costs
/// more than running. The writer holds one of these for the life of the process, so its statements are
/// compiled once. Not thread-safe, like the connection it wraps.
/// </summary>
internal sealed class CachingSqliteConnection(SqliteConnection inner, int capacity = 256) : DbConnection
{
    private readonly Dictionary<string, Entry> _statements = new(StringComparer.Ordinal);

    public SqliteConnection Inner => inner;

    /// <summary>How many statement texts are kept compiled.</summary>
    public int CachedStatements => _statements.Count;

    /// <summary>
    /// Called before each statement that may write, which is any but a lone SELECT: the writer opens the running unit's
    /// savepoint there, at the unit's first write. Null on a reader.
    /// </summary>
    public Action? BeforeWrite { get; set; }

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => inner.ConnectionString = value;
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Open() => inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public override void Close()
    {
        Drop();
        inner.Close();
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new Command(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Drop();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Runs a statement of the connection's own (a savepoint's), kept compiled like any other, without <see cref="BeforeWrite"/>.</summary>
    internal void Execute(string sql, DbTransaction transaction)
    {
        var (command, entry) = Rent(sql);
        var failed = true;
        try
        {
            command.Transaction = (SqliteTransaction)transaction;
            command.ExecuteNonQuery();
            failed = false;
        }
        finally
        {
            if (entry is null)
            {
                command.Dispose();
            }
            else if (failed)
            {
                Evict(sql, entry);
            }
            else
            {
                command.Transaction = null;
                entry.Busy = false;
            }
        }
    }

    /// <summary>True for a text that is one SELECT, which writes nothing; anything else may.</summary>
    internal static bool IsLoneSelect(string sql)
    {
        var text = sql.AsSpan().Trim();
        if (text.EndsWith(';'))
        {
            text = text[..^1].TrimEnd();
        }

        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !text.Contains(';');
    }

    /// <summary>The compiled command for a text, or a one-off one if that text's is busy or the cache is full of busy ones.</summary>
    private (SqliteCommand Command, Entry? Entry) Rent(string sql)
    {
        if (_statements.TryGetValue(sql, out var entry))
        {
            if (entry.Busy)
            {
                return (New(sql), null);
            }

            entry.Busy = true;
            return (entry.Command, entry);
        }

        if (_statements.Count >= capacity)
        {
            // Texts that vary (lists spelled out) would fill the cache for good; start it over instead.
            foreach (var (text, idle) in _statements.Where(s => !s.Value.Busy).ToList())
            {
                _statements.Remove(text);
                idle.Command.Dispose();
            }

            if (_statements.Count >= capacity)
            {
                return (New(sql), null);
            }
        }

        var command = New(sql);
        command.Prepare();
        entry = new Entry(command) { Busy = true };
        _statements.Add(sql, entry);
        return (command, entry);
    }

    /// <summary>A statement that failed is not trusted again: it is compiled afresh next time.</summary>
    private void Evict(string sql, Entry entry)
    {
        if (_statements.TryGetValue(sql, out var current) && ReferenceEquals(current, entry))
        {
            _statements.Remove(sql);
        }

        entry.Command.Dispose();
    }

    private SqliteCommand New(string sql)
    {
        var command = inner.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Drop()
    {
        foreach (var entry in _statements.Values)
        {
            entry.Command.Dispose();
        }

        _statements.Clear();
    }

    private sealed class Entry(SqliteCommand command)
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public SqliteCommand Command { get; } = command;

        /// <summary>The text is a lone SELECT (<see cref="IsLoneSelect"/>).</summary>
        public bool ReadOnly { get; } = IsLoneSelect(command.CommandText);

        /// <summary>Lent to a command that has not been disposed yet (its reader may still be open).</summary>
        public bool Busy { get; set; }

        /// <summary>
        /// A parameter's name as the statement spells it. Dapper passes names bare, and Microsoft.Data.Sqlite then
        /// looks each one up four times on every execution (bare, then with @, $ and :, building each string); the
        /// profile had that lookup at about 5% of the host. Spelled once here, each binding is one lookup.
        /// </summary>
        public string Spelled(string name)
        {
            if (name.Length == 0 || name[0] is '@' or '$' or ':')
            {
                return name;
            }

            if (!_names.TryGetValue(name, out var spelled))
            {
                var sql = Command.CommandText;
                spelled = sql.Contains('@' + name, StringComparison.Ordinal)
                    && !sql.Contains('$' + name, StringComparison.Ordinal) && !sql.Contains(':' + name, StringComparison.Ordinal)
                        ? '@' + name
                        : name;
                _names[name] = spelled;
            }

            return spelled;
        }
    }

    /// <summary>What Dapper sees: parameters gathered here, run on the connection's compiled command for the text.</summary>
    private sealed class Command(CachingSqliteConnection owner) : DbCommand
    {
        private readonly SqliteParameterCollection _parameters = new SqliteCommand().Parameters;
        private SqliteCommand? _rented;
        private Entry? _entry;
        private string _text = "";

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                // Dapper sets the same text again for each item of an execute-per-item call.
                if (string.Equals(value ?? "", _text, StringComparison.Ordinal))
                {
                    return;
                }

                ThrowIfRunning();
                _text = value ?? "";
            }
        }

        public override int CommandTimeout { get; set; } = global::HelpAgency.Storage.Database.CommandTimeoutSeconds;

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new ArgumentException("SQLite runs text commands only.", nameof(value));
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => owner;
            set
            {
                if (!ReferenceEquals(value, owner))
                {
                    throw new InvalidOperationException("A cached command stays on the connection that made it.");
                }
            }
        }

        protected override DbParameterCollection DbParameterCollection => _parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel() => _rented?.Cancel();

        public override void Prepare()
        {
        }

        public override int ExecuteNonQuery() => Run(static c => c.ExecuteNonQuery());

        public override object? ExecuteScalar() => Run(static c => c.ExecuteScalar());

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Run(c => c.ExecuteReader(behavior));

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Return();
            }

            base.Dispose(disposing);
        }

        private T Run<T>(Func<SqliteCommand, T> execute)
        {
            Return();
            var (command, entry) = owner.Rent(_text);
            _rented = command;
            _entry = entry;
            try
            {
                if (owner.BeforeWrite is { } beforeWrite && !(entry?.ReadOnly ?? IsLoneSelect(_text)))
                {
                    beforeWrite();
                }

                command.Transaction = (SqliteTransaction?)DbTransaction;
                command.CommandTimeout = CommandTimeout;
                command.Parameters.Clear();
                foreach (SqliteParameter parameter in _parameters)
                {
                    if (entry is not null)
                    {
                        parameter.ParameterName = entry.Spelled(parameter.ParameterName);
                    }

                    command.Parameters.Add(parameter);
                }

                return execute(command);
            }
            catch (Exception)
            {
                if (entry is not null)
                {
                    owner.Evict(_text, entry);
                    _rented = null;
                    _entry = null;
                }

                throw;
            }
        }

        /// <summary>Gives the compiled command back (its reader is closed by now), or disposes a one-off one.</summary>
        private void Return()
        {
            if (_rented is null)
            {
                return;
            }

            if (_entry is not null)
            {
                _rented.Parameters.Clear();
                _rented.Transaction = null;
                _entry.Busy = false;
            }
            else
            {
                _rented.Dispose();
            }

            _rented = null;
            _entry = null;
        }

        private void ThrowIfRunning()
        {
            if (_rented is not null)
            {
                throw new InvalidOperationException("The command's text cannot change while it runs.");
            }
        }
    }
}
