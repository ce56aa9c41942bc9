using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// On SQLite a read unit borrows one of the database's readers: it refuses any write before it runs, and a turn
/// does its reading and deciding on one, so it does not wait behind the one writer for that part.
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
            var refused = await Assert.ThrowsAsync<WriteRefusedException>(
                () => read.Users.UpsertAsync(new AppUser("wang.wu", "王五", UserRole.Contact, Now), default));
            Assert.IsType<SqliteException>(refused.InnerException);
            Assert.Null(await read.Users.FindAsync("wang.wu", default));
        }

        // The reader goes back to the pool and serves the next read unit, still refusing writes.
        await using (var again = await _database.Units.BeginReadAsync(default))
        {
            await Assert.ThrowsAsync<WriteRefusedException>(() => again.Users.GetOrAddContactAsync("wang.wu", Now, default));
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
    public async Task A_turn_decides_while_another_unit_holds_the_writer_and_is_stored_once_the_writer_is_free()
    {
        var bot = new SignallingBot();
        var turns = new TurnProcessor(_database.Units, bot, new UserTurnGate(), new FakeTimeProvider(Now), NullLogger<TurnProcessor>.Instance);
        Task<TurnResult> turn;
        await using (var holder = await _database.Units.BeginAsync(default))
        {
            turn = turns.ProcessAsync(Activity.Message("local", "zhang.san", "你好"), default);

            // Were the dialog step inside the writer, it could not start before the holder ends.
            await bot.Acted.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(turn.IsCompleted);
            await holder.CommitAsync(default);
        }

        var result = await turn.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        await using var read = await _database.Units.BeginReadAsync(default);
        Assert.Equal("""{"greeted":true}""", (await read.Conversations.GetAsync("zhang.san", default)).StateJson);
        Assert.Equal(UserRole.Contact, (await read.Users.FindAsync("zhang.san", default))?.Role);
    }

    [Fact]
    public async Task A_turn_whose_bot_writes_is_run_again_in_the_writer_and_its_write_is_stored_once()
    {
        var bot = new WritingBot();
        var turns = new TurnProcessor(_database.Units, bot, new UserTurnGate(), new FakeTimeProvider(Now), NullLogger<TurnProcessor>.Instance);

        var result = await turns.ProcessAsync(Activity.Message("local", "zhang.san", "帮我登记"), default);

        Assert.Equal(2, bot.Runs);
        Assert.Equal("已登记", Assert.Single(result.Replies).Text);
        await using var connection = new SqliteConnection(_database.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE id = 'registered.by.bot'"));
    }

    private sealed class SignallingBot : IBot
    {
        private readonly TaskCompletionSource _acted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Acted => _acted.Task;

        public Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
        {
            turn.StateJson = """{"greeted":true}""";
            turn.Reply(Reply.Plain("您好"));
            _acted.TrySetResult();
            return Task.CompletedTask;
        }
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
