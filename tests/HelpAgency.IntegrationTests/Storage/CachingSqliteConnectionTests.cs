using Dapper;
using HelpAgency.Storage;
using HelpAgency.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// The writer's connection keeps statements compiled between Dapper calls: each call still gets its own
/// parameters and results, a statement running twice at once or failing stays correct, and the cache stays bounded.
/// </summary>
public sealed class CachingSqliteConnectionTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpagency-cache-").FullName;
    private CachingSqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        var inner = new SqliteConnection($"Data Source={Path.Combine(_folder, "cache.db")};Pooling=False");
        await inner.OpenAsync();
        _connection = new CachingSqliteConnection(inner, capacity: 4);
        await _connection.ExecuteAsync("CREATE TABLE notes (name TEXT PRIMARY KEY, body TEXT NOT NULL)");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_statement_compiled_once_still_binds_each_calls_own_values()
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await _connection.ExecuteAsync("INSERT INTO notes (name, body) VALUES (@name, @body)", new { name, body = "body of " + name }, transaction);
        }

        var bodies = new List<string?>();
        foreach (var name in new[] { "c", "a", "missing", "b" })
        {
            bodies.Add(await _connection.QuerySingleOrDefaultAsync<string>("SELECT body FROM notes WHERE name = @name", new { name }, transaction));
        }

        transaction.Commit();

        Assert.Equal(["body of c", "body of a", null, "body of b"], bodies);
        Assert.Equal(3, await _connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes"));
        // CREATE, INSERT, SELECT body and COUNT: seven runs, four statements compiled.
        Assert.Equal(4, _connection.CachedStatements);
    }

    [Fact]
    public async Task Parameters_bind_however_the_statement_spells_them()
    {
        for (var run = 0; run < 2; run++)
        {
            // Twice each, so the second run binds on the compiled statement with the spelling it learned.
            await _connection.ExecuteAsync("INSERT OR REPLACE INTO notes (name, body) VALUES (@name, @name2)", new { name = "at", name2 = "second" });
            await _connection.ExecuteAsync("INSERT OR REPLACE INTO notes (name, body) VALUES ($name, :body)", new { name = "dollar", body = "colon" });
        }

        var rows = (await _connection.QueryAsync<(string Name, string Body)>("SELECT name, body FROM notes ORDER BY name")).ToList();

        Assert.Equal([("at", "second"), ("dollar", "colon")], rows);
    }

    [Fact]
    public async Task One_statement_runs_for_each_item_of_a_list()
    {
        var rows = new[] { new { name = "a", body = "x" }, new { name = "b", body = "y" }, new { name = "c", body = "z" } };

        var inserted = await _connection.ExecuteAsync("INSERT INTO notes (name, body) VALUES (@name, @body)", rows);

        Assert.Equal(3, inserted);
        Assert.Equal(["x", "y", "z"], await _connection.QueryAsync<string>("SELECT body FROM notes ORDER BY name"));
    }

    [Fact]
    public async Task A_statement_run_again_while_its_reader_is_open_gets_its_own_results()
    {
        await _connection.ExecuteAsync("INSERT INTO notes (name, body) VALUES ('a', 'x'), ('b', 'y')");
        const string sql = "SELECT name FROM notes WHERE name >= @from ORDER BY name";

        var pairs = new List<string>();
        foreach (var outer in _connection.Query<string>(sql, new { from = "a" }, buffered: false))
        {
            pairs.AddRange(_connection.Query<string>(sql, new { from = "b" }).Select(inner => outer + inner));
        }

        Assert.Equal(["ab", "bb"], pairs);
    }

    [Fact]
    public async Task A_statement_that_fails_leaves_the_transaction_committable_and_runs_again_next_time()
    {
        const string insert = "INSERT INTO notes (name, body) VALUES (@name, @body)";
        using (var transaction = _connection.BeginTransaction())
        {
            await _connection.ExecuteAsync(insert, new { name = "a", body = "first" }, transaction);
            await Assert.ThrowsAsync<SqliteException>(() => _connection.ExecuteAsync(insert, new { name = "a", body = "again" }, transaction));
            await _connection.ExecuteAsync(insert, new { name = "b", body = "second" }, transaction);
            transaction.Commit();
        }

        Assert.Equal(["a:first", "b:second"], await _connection.QueryAsync<string>("SELECT name || ':' || body FROM notes ORDER BY name"));
    }

    [Fact]
    public async Task Texts_that_keep_changing_never_grow_the_cache_past_its_capacity()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i, await _connection.ExecuteScalarAsync<long>($"SELECT {i} + COUNT(*) FROM notes"));
            Assert.InRange(_connection.CachedStatements, 1, 4);
        }
    }
}
