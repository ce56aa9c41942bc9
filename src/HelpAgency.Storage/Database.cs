using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpAgency.Storage;

/// <summary>Opens connections to the configured engine, each set up the way the repositories expect.</summary>
public sealed class Database : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();
    private static readonly object Marker = new();

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _postgresOwner;
    private readonly string? _sqlite;
    private readonly string? _sqliteReader;

    public Database(IOptions<StorageOptions> options)
    {
        DateTimeOffsetHandler.Register();
        var settings = options.Value;
        Provider = settings.Provider;
        if (Provider == StorageProvider.Postgres)
        {
            // A pooled connection carries no session state of ours (search_path comes from the connection string,
            // READ ONLY is per transaction), so skip the DISCARD ALL round trip on each reuse unless told otherwise.
            var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            var given = GivenKeys(settings.ConnectionString);
            if (!given.Contains("noresetonclose"))
            {
                builder.NoResetOnClose = true;
            }

            // Parse and plan were a fifth of the server's CPU a turn: statements a connection runs again are
            // prepared on it (after 2 uses, up to 64 a connection; 790 vs 542 turns/s in the load run). A connection
            // string's own setting wins, e.g. Max Auto Prepare=0 behind a pooler that drops prepared statements.
            if (!given.Contains("maxautoprepare"))
            {
                builder.MaxAutoPrepare = 64;
            }

            if (!given.Contains("autoprepareminusages"))
            {
                builder.AutoPrepareMinUsages = 2;
            }

            // A turn holds its connection across a dozen short round trips; more open transactions than the server
            // has cores only adds switching. On two cores 16 connections gave 728 turns/s, 200 gave 488 and fell to
            // 88 under overload. Size it to the server with Maximum Pool Size (never below a Minimum Pool Size).
            if (!given.Contains("maxpoolsize") && !given.Contains("maximumpoolsize"))
            {
                builder.MaxPoolSize = Math.Max(DefaultPoolSize, builder.MinPoolSize);
            }

            _postgres = NpgsqlDataSource.Create(builder.ConnectionString);

            // The owner's connection is opened once a start, to migrate; a pool would keep it open for the host's life.
            if (!string.IsNullOrWhiteSpace(settings.MigrationConnectionString) && settings.MigrationConnectionString != settings.ConnectionString)
            {
                _postgresOwner = new NpgsqlConnectionStringBuilder(settings.MigrationConnectionString) { Pooling = false }.ConnectionString;
            }
        }
        else
        {
            _sqlite = PrepareSqlite(settings.ConnectionString, settings.BasePath);
            Writer = new SqliteWriter(OpenAsync);
            // Readers are the database's own for life, never handed back to Microsoft.Data.Sqlite's pool with query_only on.
            // An in-memory database has none: each connection of its own would see a database of its own.
            var readerBuilder = new SqliteConnectionStringBuilder(_sqlite) { Pooling = false };
            if (!IsInMemory(readerBuilder))
            {
                _sqliteReader = readerBuilder.ToString();
                Readers = new SqliteReaders(OpenReaderAsync, ReadersKept);
            }
        }
    }

    /// <summary>Connections a host keeps to PostgreSQL unless its connection string says otherwise.</summary>
    public const int DefaultPoolSize = 16;

    public StorageProvider Provider { get; }

    /// <summary>
    /// SQLite has one writer: writing units of this process take turns on it, asynchronously, rather than block a
    /// thread in SQLite's sleeping busy handler (which starves the thread pool under load), and commit in groups.
    /// Null on PostgreSQL.
    /// </summary>
    internal SqliteWriter? Writer { get; }

    /// <summary>
    /// SQLite readers kept open when idle. A read unit holds one only while a turn reads and decides, which does not
    /// wait on I/O, so about as many as there are cores are busy at once; more are opened when needed and closed after.
    /// </summary>
    private static int ReadersKept => Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>Pages a SQLite reader caches (1 MiB): the rows turns read are few; the writer keeps SQLite's default.</summary>
    private const int ReaderCacheKiB = 1024;

    /// <summary>SQLite's read connections, which refuse writes; null on PostgreSQL.</summary>
    internal SqliteReaders? Readers { get; }

    /// <summary>The engine's name as shown to operators.</summary>
    public string Engine => Provider == StorageProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>How long a statement (and a SQLite writer waiting for the lock) may take.</summary>
    public static int CommandTimeoutSeconds => 30;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
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

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when migrations log in with Storage:MigrationConnectionString rather than as the host does.</summary>
    internal bool MigratesAsOwner => _postgresOwner is not null;

    /// <summary>A connection for the migrations: the owner role's when one is configured, else one like the host's.</summary>
    internal async Task<DbConnection> OpenForMigrationsAsync(CancellationToken cancellationToken)
    {
        if (_postgresOwner is null)
        {
            return await OpenAsync(cancellationToken);
        }

        var connection = new NpgsqlConnection(_postgresOwner);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A SQLite connection of its own (not pooled) that refuses writes: SQLite's query_only.</summary>
    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_sqliteReader);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync($"PRAGMA busy_timeout = 10000; PRAGMA query_only = ON; PRAGMA cache_size = -{ReaderCacheKiB};");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Begins a transaction: IMMEDIATE on SQLite for writers, so two writers never deadlock on upgrade.</summary>
    internal static async Task<DbTransaction> BeginAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: readOnly);
        }

        var transaction = await connection.BeginTransactionAsync(readOnly ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, cancellationToken);
        if (readOnly)
        {
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: transaction);
        }

        return transaction;
    }

    public async ValueTask DisposeAsync()
    {
        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        if (Readers is not null)
        {
            await Readers.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>The keywords a connection string sets, lower-cased and without spaces ("Max Pool Size" is "maxpoolsize").</summary>
    private static HashSet<string> GivenKeys(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";

    private static string PrepareSqlite(string connectionString, string basePath)
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

        builder.DefaultTimeout = CommandTimeoutSeconds;
        return builder.ToString();
    }
}
