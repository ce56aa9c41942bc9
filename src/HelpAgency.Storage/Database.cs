using System.Data.Common;
using HelpAgency.Storage.Postgres;
using HelpAgency.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace HelpAgency.Storage;

/// <summary>
/// The configured database: opens connections and begins units of work on it. What differs between SQLite and
/// PostgreSQL is the engine's (<see cref="SqliteEngine"/>, <see cref="PostgresEngine"/>); nothing here asks which.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly DatabaseEngine _engine;

    public Database(IOptions<StorageOptions> options)
    {
        DateTimeOffsetHandler.Register();
        var settings = options.Value;
        if (settings.Provider == StorageProvider.Postgres)
        {
            _engine = new PostgresEngine(settings);
        }
        else
        {
            var sqlite = new SqliteEngine(settings);
            Writer = sqlite.Writer;
            Readers = sqlite.Readers;
            _engine = sqlite;
        }
    }

    /// <summary>Connections a host keeps to PostgreSQL unless its connection string says otherwise.</summary>
    public const int DefaultPoolSize = PostgresEngine.DefaultPoolSize;

    public StorageProvider Provider => _engine.Provider;

    /// <summary>SQLite's one writer; null on PostgreSQL.</summary>
    internal SqliteWriter? Writer { get; }

    /// <summary>SQLite's readers; null on PostgreSQL and for an in-memory database.</summary>
    internal SqliteReaders? Readers { get; }

    /// <summary>
    /// For tests: the statements SQLite starts on this database's connections from now on. PostgreSQL's cost is its round
    /// trips, which a relay in front of the server counts instead.
    /// </summary>
    internal SqliteStatementLog LogStatements() =>
        (_engine as SqliteEngine)?.LogStatements() ?? throw new NotSupportedException("Statements are logged on SQLite only.");

    /// <summary>The engine's name as shown to operators.</summary>
    public string Engine => Provider == StorageProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>How long a statement (and a SQLite writer waiting for the lock) may take.</summary>
    public static int CommandTimeoutSeconds => 30;

    /// <summary>A connection of its own, outside any unit of work (health checks, benchmarks, tests).</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _engine.OpenAsync(cancellationToken);

    /// <summary>True when migrations log in with Storage:MigrationConnectionString rather than as the host does.</summary>
    internal bool MigratesAsOwner => _engine.MigratesAsOwner;

    /// <summary>A connection for the migrations: the owner role's when one is configured, else one like the host's.</summary>
    internal Task<DbConnection> OpenForMigrationsAsync(CancellationToken cancellationToken) => _engine.OpenForMigrationsAsync(cancellationToken);

    /// <summary>Begins a transaction on a connection this database opened.</summary>
    internal Task<DbTransaction> BeginTransactionAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken) =>
        _engine.BeginTransactionAsync(connection, readOnly, cancellationToken);

    /// <summary>The transaction a new unit of work runs in: a writer's or a reader's.</summary>
    internal Task<IUnitTransaction> BeginUnitAsync(bool readOnly, CancellationToken cancellationToken) =>
        _engine.BeginUnitAsync(readOnly, cancellationToken);

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
