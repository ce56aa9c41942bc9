using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage.Sqlite;

/// <summary>
/// SQLite: one writer, on which writing units take turns and commit in groups (<see cref="SqliteWriter"/>), and
/// readers lent to read units (<see cref="SqliteReaders"/>). An in-memory database has no readers: a connection of
/// its own would see a database of its own, so a read unit there opens one like any other.
/// </summary>
internal sealed class SqliteEngine : DatabaseEngine
{
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();
    private static readonly object Marker = new();

    /// <summary>Pages a SQLite reader caches (1 MiB): the rows turns read are few; the writer keeps SQLite's default.</summary>
    private const int ReaderCacheKiB = 1024;

    private readonly string _connectionString;
    private readonly string? _readerConnectionString;
    private readonly SqliteStatementLog.Connections _opened = new();

    public SqliteEngine(StorageOptions settings)
    {
        _connectionString = Prepare(settings.ConnectionString, settings.BasePath);
        Writer = new SqliteWriter(OpenAsync);
        // Readers are the database's own for life, never handed back to Microsoft.Data.Sqlite's pool with query_only on.
        var readerBuilder = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false };
        if (!IsInMemory(readerBuilder))
        {
            _readerConnectionString = readerBuilder.ToString();
            Readers = new SqliteReaders(OpenReaderAsync, ReadersKept);
        }
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>
    /// SQLite has one writer: writing units of this process take turns on it, asynchronously, rather than block a
    /// thread in SQLite's sleeping busy handler (which starves the thread pool under load), and commit in groups.
    /// </summary>
    public SqliteWriter Writer { get; }

    /// <summary>SQLite's read connections, which refuse writes; null for an in-memory database.</summary>
    public SqliteReaders? Readers { get; }

    /// <summary>
    /// SQLite readers kept open when idle. A read unit holds one only while a turn reads and decides, which does not
    /// wait on I/O, so about as many as there are cores are busy at once; more are opened when needed and closed after.
    /// </summary>
    private static int ReadersKept => Math.Max(4, 2 * Environment.ProcessorCount);

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings: wait for the writer lock rather than fail, cheap durable commits in WAL, enforce keys,
            // and keep temporary files in memory. The writer's units are savepoints, and SQLite keeps the old copy of each
            // page a unit changes in a sub-journal. Past 64 KiB (a case opening) it spilled to a temporary file, which then
            // took every later unit's copies for the rest of the batch, a 4 KiB write a page: under load more bytes than
            // the WAL itself. In memory it holds one unit's pages and is dropped at each release.
            // They stay with the physical connection, so a pooled one that has them is not set up again.
            if (connection.Handle is { } handle && !Prepared.TryGetValue(handle, out _))
            {
                await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
                Prepared.AddOrUpdate(handle, Marker);
            }

            _opened.Opened(connection.Handle);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>For tests: logs the statements SQLite starts on this database's connections from now on.</summary>
    public SqliteStatementLog LogStatements() => _opened.Attach();

    /// <summary>IMMEDIATE for writers, so two writers never deadlock on upgrade; deferred for readers.</summary>
    public override Task<DbTransaction> BeginTransactionAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken) =>
        Task.FromResult(Begin((SqliteConnection)connection, readOnly));

    public override async Task<IUnitTransaction> BeginUnitAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (!readOnly)
        {
            return await Writer.EnterAsync(cancellationToken);
        }

        return Readers is { } readers
            ? await readers.BeginAsync(cancellationToken)
            : await BeginOnOwnConnectionAsync(readOnly: true, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        if (Readers is not null)
        {
            await Readers.DisposeAsync();
        }
    }

    internal static DbTransaction Begin(SqliteConnection connection, bool readOnly) =>
        connection.BeginTransaction(IsolationLevel.Serializable, deferred: readOnly);

    /// <summary>True when the connection is open and outside any transaction (SQLite ends one on some errors by itself).</summary>
    internal static bool IsAutocommit(SqliteConnection connection) =>
        connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0;

    /// <summary>A SQLite connection of its own (not pooled) that refuses writes: SQLite's query_only.</summary>
    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync($"PRAGMA busy_timeout = 10000; PRAGMA query_only = ON; PRAGMA cache_size = -{ReaderCacheKiB};");
            _opened.Opened(connection.Handle);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";

    private static string Prepare(string connectionString, string basePath)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!IsInMemory(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, basePath);
            var folder = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        builder.DefaultTimeout = Database.CommandTimeoutSeconds;
        return builder.ToString();
    }
}
