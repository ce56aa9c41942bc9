using System.Data.Common;
using Dapper;
using HelpAgency.Storage;
using HelpAgency.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// SQLite's writer commits units in groups: a unit that commits while others wait shares one transaction with
/// them, yet its commit returns only once the group is durable, a unit that rolls back takes nothing of its
/// neighbours with it, and a group that is lost fails every commit in it.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-group-").FullName;
    private string _connectionString = "";
    private SqliteWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _connectionString = $"Data Source={Path.Combine(_folder, "group.db")};Pooling=False";
        await using var connection = await OpenAsync(default);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE notes (name TEXT PRIMARY KEY);");
        _writer = new SqliteWriter(OpenAsync);
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_unit_in_a_batch_keeps_its_undo_pages_in_memory_not_in_a_temporary_file()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var replies = $"[{{\"text\":\"{new string('办', 300)}\"}}]";
        await using (var seed = await database.Units.BeginAsync(default))
        {
            for (var i = 0; i < 200; i++)
            {
                await seed.Callbacks.TryStartAsync($"msg:{i}", "zhang.san", DateTimeOffset.UnixEpoch, default);
                await seed.Callbacks.CompleteAsync($"msg:{i}", "replied", replies, DateTimeOffset.UnixEpoch, default);
            }

            await seed.CommitAsync(default);
        }

        // A unit is a savepoint: for each page already in the database that it changes, SQLite keeps the old copy.
        // Past 64 KiB (a case opening's items, say) those copies went to a temporary file, written a page at a time.
        await using var work = await database.Units.BeginAsync(default);
        for (var i = 0; i < 200; i++)
        {
            await work.Callbacks.CompleteAsync($"msg:{i}", "pending", replies, DateTimeOffset.UnixEpoch, default);
        }

        // SQLite unlinks its temporary files as soon as it opens them; only their open descriptors show them.
        var temporary = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => fd.LinkTarget ?? "")
            .Where(target => target.Contains("etilqs_", StringComparison.Ordinal))
            .ToList();
        await work.CommitAsync(default);

        Assert.Empty(temporary);
    }

    [Fact]
    public async Task A_unit_committing_while_another_waits_is_stored_with_it_and_returns_only_when_both_are_durable()
    {
        var first = await _writer.EnterAsync(default);
        var secondEntering = _writer.EnterAsync(default);
        await InsertAsync(first, "first");

        var firstCommit = first.CommitAsync();
        var second = await secondEntering;

        Assert.Same(first.Session.Transaction, second.Session.Transaction);
        Assert.False(firstCommit.IsCompleted);
        Assert.Empty(await StoredAsync());

        await InsertAsync(second, "second");
        await second.CommitAsync();
        await firstCommit;

        Assert.Equal(["first", "second"], await StoredAsync());
    }

    [Fact]
    public async Task A_unit_that_rolls_back_inside_a_group_undoes_only_its_own_writes()
    {
        var (_, firstCommit, secondEntering, thirdEntering) = await GroupUnderWayAsync("kept-1");
        var second = await secondEntering;
        await InsertAsync(second, "undone");
        await second.EndAsync();
        var third = await thirdEntering;
        await InsertAsync(third, "kept-3");
        await third.CommitAsync();
        await firstCommit;

        Assert.Equal(["kept-1", "kept-3"], await StoredAsync());
    }

    [Fact]
    public async Task A_unit_opens_its_savepoint_at_its_first_write_so_one_that_only_reads_runs_none()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var log = database.Database.LogStatements();
        await using (var reading = await database.Units.BeginAsync(default))
        {
            await reading.Users.FindAsync("zhang.san", default);
            await reading.CommitAsync(default);
        }

        var read = log.Drain();
        await using (var writing = await database.Units.BeginAsync(default))
        {
            await writing.Callbacks.TryStartAsync("msg:1", "zhang.san", DateTimeOffset.UnixEpoch, default);
            await writing.Users.FindAsync("zhang.san", default);
            await writing.Callbacks.CompleteAsync("msg:1", "replied", "[]", DateTimeOffset.UnixEpoch, default);
            await writing.CommitAsync(default);
        }

        Assert.DoesNotContain(read, s => s.StartsWith("SAVEPOINT", StringComparison.Ordinal));
        Assert.Equal(["BEGIN", "SAVEPOINT", "INSERT", "SELECT", "UPDATE", "RELEASE", "COMMIT"], log.Drain().Select(s => s.Split(' ', ';')[0]));
    }

    [Fact]
    public async Task A_units_last_write_runs_without_a_savepoint_and_when_it_fails_nothing_of_it_stays_and_its_neighbours_are_stored()
    {
        var (_, firstCommit, secondEntering, thirdEntering) = await GroupUnderWayAsync("kept-1");

        // Its first row goes in before the second breaks the key: SQLite undoes the statement, not the batch.
        var second = await secondEntering;
        await Assert.ThrowsAsync<SqliteException>(() => second.CommitAfterAsync(
            _ => second.Session.Connection.ExecuteAsync("INSERT INTO notes (name) VALUES ('partial'), ('kept-1')", transaction: second.Session.Transaction), default));
        Assert.False(second.InSavepoint);
        await second.EndAsync();

        // A last write that changes nothing and is then refused, as a conversation's save over a newer version is.
        var third = await thirdEntering;
        var fourthEntering = _writer.EnterAsync(default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => third.CommitAfterAsync(
            async _ =>
            {
                await third.Session.Connection.ExecuteAsync("UPDATE notes SET name = 'changed' WHERE name = 'absent'", transaction: third.Session.Transaction);
                throw new InvalidOperationException("no row changed");
            },
            default));
        await third.EndAsync();
        var fourth = await fourthEntering;
        await fourth.CommitAfterAsync(_ => InsertAsync(fourth, "kept-4"), default);
        await firstCommit;

        Assert.Equal(["kept-1", "kept-4"], await StoredAsync());
    }

    [Fact]
    public async Task A_last_write_of_two_statements_is_refused_at_the_second_and_its_group_is_not_stored_rather_than_half_of_it()
    {
        var (_, firstCommit, secondEntering, thirdEntering) = await GroupUnderWayAsync("lost-1");

        var second = await secondEntering;
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.CommitAfterAsync(
            async _ =>
            {
                await InsertAsync(second, "lost-2");
                await InsertAsync(second, "never");
            },
            default));
        await second.EndAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => firstCommit);
        await OnlyTheNextGroupIsStoredAsync(thirdEntering);
    }

    [Fact]
    public async Task When_sqlite_drops_the_group_transaction_every_unit_in_the_group_fails_and_the_next_group_works()
    {
        var (first, firstCommit, secondEntering, thirdEntering) = await GroupUnderWayAsync("lost-1");
        var second = await secondEntering;
        await InsertAsync(second, "lost-2");
        // What SQLite does on a disk-full or I/O error: the whole transaction is rolled back under the units.
        await second.Session.Connection.ExecuteAsync("ROLLBACK", transaction: second.Session.Transaction);

        await Assert.ThrowsAnyAsync<Exception>(second.CommitAsync);
        await Assert.ThrowsAnyAsync<Exception>(() => firstCommit);

        var third = await thirdEntering;
        Assert.NotSame(first.Session.Transaction, third.Session.Transaction);
        await InsertAsync(third, "after");
        await third.CommitAsync();

        Assert.Equal(["after"], await StoredAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_unit_without_a_savepoint_that_finds_the_group_transaction_dropped_fails_the_group_whether_it_commits_or_not(bool commits)
    {
        var (_, firstCommit, secondEntering, thirdEntering) = await GroupUnderWayAsync("lost-1");
        var second = await secondEntering;
        await second.Session.Connection.QueryAsync<string>("SELECT name FROM notes", transaction: second.Session.Transaction);
        // What SQLite does on a disk-full or I/O error, here under a unit that wrote nothing and so opened no savepoint.
        SQLitePCL.raw.sqlite3_exec(((CachingSqliteConnection)second.Session.Connection).Inner.Handle, "ROLLBACK");

        if (commits)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(second.CommitAsync);
        }
        else
        {
            await second.EndAsync();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => firstCommit);
        await OnlyTheNextGroupIsStoredAsync(thirdEntering);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_stall_the_writer()
    {
        var first = await _writer.EnterAsync(default);
        using var giveUp = new CancellationTokenSource();
        var impatient = _writer.EnterAsync(giveUp.Token);
        var patient = _writer.EnterAsync(default);

        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        await InsertAsync(first, "first");
        var firstCommit = first.CommitAsync();
        var second = await patient.WaitAsync(TimeSpan.FromSeconds(10));
        await InsertAsync(second, "second");
        await second.CommitAsync();
        await firstCommit;

        var later = await _writer.EnterAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        await InsertAsync(later, "later");
        await later.CommitAsync();

        Assert.Equal(["first", "later", "second"], await StoredAsync());
    }

    [Fact]
    public async Task Many_concurrent_units_are_all_stored_in_fewer_commits_than_units()
    {
        var transactions = new HashSet<DbTransaction>();
        var units = Enumerable.Range(0, 200).Select(async i =>
        {
            await Task.Yield();
            var lease = await _writer.EnterAsync(default);
            lock (transactions)
            {
                transactions.Add(lease.Session.Transaction);
            }

            await InsertAsync(lease, $"n{i:D3}");
            await lease.CommitAsync();
        }).ToList();

        await Task.WhenAll(units).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(200, (await StoredAsync()).Count);
        Assert.True(transactions.Count < 200, $"{transactions.Count} commits for 200 units");
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000;");
        return connection;
    }

    /// <summary>
    /// A group under way: a first unit that wrote <paramref name="name"/> and is committing (its commit waits for the
    /// group), and two more units queued behind it.
    /// </summary>
    private async Task<(SqliteWriteLease First, Task FirstCommit, Task<SqliteWriteLease> Second, Task<SqliteWriteLease> Third)> GroupUnderWayAsync(string name)
    {
        var first = await _writer.EnterAsync(default);
        var second = _writer.EnterAsync(default);
        var third = _writer.EnterAsync(default);
        await InsertAsync(first, name);
        return (first, first.CommitAsync(), second, third);
    }

    /// <summary>After a group that was lost: the next unit begins a group of its own, and what it writes is all that is stored.</summary>
    private async Task OnlyTheNextGroupIsStoredAsync(Task<SqliteWriteLease> entering)
    {
        var next = await entering;
        await InsertAsync(next, "after");
        await next.CommitAsync();
        Assert.Equal(["after"], await StoredAsync());
    }

    private static Task InsertAsync(SqliteWriteLease lease, string name) =>
        lease.Session.Connection.ExecuteAsync("INSERT INTO notes (name) VALUES (@name)", new { name }, lease.Session.Transaction);

    private async Task<List<string>> StoredAsync()
    {
        await using var reader = await OpenAsync(default);
        return (await reader.QueryAsync<string>("SELECT name FROM notes ORDER BY name")).ToList();
    }
}
