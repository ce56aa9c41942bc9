using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// On SQLite a read unit (the console's lists, sign-in checks) borrows one of the database's readers, which refuses
/// any write before it runs; a turn runs whole on the one writer, its bot's writes committed with its state.
/// </summary>
public sealed class SqliteReadersTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("sqlite");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_read_unit_refuses_a_write_and_stores_nothing_while_it_still_reads()
    {
        await using (var read = await _database.Units.BeginReadAsync(default))
        {
            await Assert.ThrowsAsync<SqliteException>(
                () => read.Users.UpsertAsync(new AppUser("wang.wu", "王五", UserRole.Contact, Now), default));
            Assert.Null(await read.Users.FindAsync("wang.wu", default));
        }

        // The reader goes back to the pool and serves the next read unit, still refusing writes.
        await using (var again = await _database.Units.BeginReadAsync(default))
        {
            await Assert.ThrowsAsync<SqliteException>(() => again.Users.GetOrAddContactAsync("wang.wu", Now, default));
        }

        await using var connection = new SqliteConnection(_database.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE id = 'wang.wu'"));
    }

    [Fact]
    public async Task A_read_unit_sees_what_was_committed_before_it_began()
    {
        await using (var work = await _database.Units.BeginAsync(default))
        {
            await work.Users.UpsertAsync(new AppUser("zhao.liu", "赵六", UserRole.Contact, Now), default);
            await work.CommitAsync(default);
        }

        await using var read = await _database.Units.BeginReadAsync(default);
        Assert.Equal("赵六", (await read.Users.FindAsync("zhao.liu", default))?.DisplayName);
    }

    [Fact]
    public async Task A_turn_whose_bot_writes_runs_once_and_its_write_is_stored_with_the_turn()
    {
        var bot = new WritingBot();
        var turns = new TurnProcessor(_database.Units, bot, new UserTurnGate(), new FakeTimeProvider(Now), NullLogger<TurnProcessor>.Instance);

        var result = await turns.ProcessAsync(Activity.Message("local", "zhang.san", "帮我登记"), default);

        Assert.Equal(1, bot.Runs);
        Assert.Equal("已登记", Assert.Single(result.Replies).Text);
        await using var connection = new SqliteConnection(_database.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE id = 'registered.by.bot'"));
    }

    private sealed class WritingBot : IBot
    {
        public int Runs { get; private set; }

        public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            Runs++;
            await turn.Work.Users.UpsertAsync(new AppUser("registered.by.bot", "登记", UserRole.Contact, turn.Now), cancellationToken);
            turn.Reply(Reply.Plain("已登记"));
        }
    }
}
