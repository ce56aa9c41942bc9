using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace HelpAgency.Storage.Postgres;

/// <summary>PostgreSQL: a pooled data source; each unit of work is a transaction on a connection of its own.</summary>
internal sealed class PostgresEngine : DatabaseEngine
{
    /// <summary>Connections a host keeps to PostgreSQL unless its connection string says otherwise.</summary>
    public const int DefaultPoolSize = 16;

    private readonly NpgsqlDataSource _source;
    private readonly string? _owner;

    public PostgresEngine(StorageOptions settings)
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

        _source = NpgsqlDataSource.Create(builder.ConnectionString);

        // The owner's connection is opened once a start, to migrate; a pool would keep it open for the host's life.
        if (!string.IsNullOrWhiteSpace(settings.MigrationConnectionString) && settings.MigrationConnectionString != settings.ConnectionString)
        {
            _owner = new NpgsqlConnectionStringBuilder(settings.MigrationConnectionString) { Pooling = false }.ConnectionString;
        }
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override bool MigratesAsOwner => _owner is not null;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken);

    public override async Task<DbConnection> OpenForMigrationsAsync(CancellationToken cancellationToken)
    {
        if (_owner is null)
        {
            return await OpenAsync(cancellationToken);
        }

        var connection = new NpgsqlConnection(_owner);
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

    /// <summary>A reader sees one snapshot (repeatable read, read only); a writer reads what others committed.</summary>
    public override async Task<DbTransaction> BeginTransactionAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(readOnly ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, cancellationToken);
        if (readOnly)
        {
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: transaction);
        }

        return transaction;
    }

    public override ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>The keywords a connection string sets, lower-cased and without spaces ("Max Pool Size" is "maxpoolsize").</summary>
    private static HashSet<string> GivenKeys(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
}
