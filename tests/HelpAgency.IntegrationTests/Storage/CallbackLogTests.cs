using Dapper;
using HelpAgency.Storage;
using HelpAgency.Storage.Callbacks;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>The callback dedupe key holds across connections, as it must across host instances, on each engine.</summary>
public sealed class CallbackLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Eight_connections_racing_for_one_delivery_let_exactly_one_start(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        using var start = new SemaphoreSlim(0);

        var racers = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            await using var work = await database.Units.BeginAsync(default);
            var first = await work.Callbacks.TryStartAsync("msg:7300000000000001", "zhang.san", Now, default);
            await work.CommitAsync(default);
            return first;
        }).ToList();
        start.Release(8);
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(1, outcomes.Count(o => o));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_delivery_recorded_with_its_outcome_is_recorded_once_and_a_copy_changes_nothing(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        async Task<bool> RecordAsync(string status, string replies)
        {
            await using var work = await database.Units.BeginAsync(default);
            var recorded = await work.Callbacks.TryRecordAsync("msg:7300000000000002", "zhang.san", status, replies, Now, default);
            await work.CommitAsync(default);
            return recorded;
        }

        Assert.True(await RecordAsync("pending", """[{"text":"您好"}]"""));
        Assert.False(await RecordAsync("replied", "[]"));

        await using var work = await database.Units.BeginAsync(default);
        var record = await work.Callbacks.FindAsync("msg:7300000000000002", default);
        Assert.NotNull(record);
        Assert.Equal(("pending", """[{"text":"您好"}]""", "zhang.san"), (record.Status, record.RepliesJson, record.UserId));

        // Stored as pending, it is due for the sender at once.
        var leased = await work.Callbacks.LeaseUnsentAsync(Now, Now.AddMinutes(1), 10, default);
        Assert.Equal("msg:7300000000000002", Assert.Single(leased).Key);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_members_replies_are_leased_one_at_a_time_oldest_first_and_one_not_yet_gone_holds_back_the_rest(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using (var work = await database.Units.BeginAsync(default))
        {
            foreach (var (key, user, received) in new[] { ("msg:x2", "xu.qi", Now.AddSeconds(2)), ("msg:x1", "xu.qi", Now.AddSeconds(1)), ("msg:y1", "yang.ba", Now.AddSeconds(3)) })
            {
                await work.Callbacks.TryRecordAsync(key, user, "pending", "[]", received, default);
            }

            await work.CommitAsync(default);
        }

        async Task<string[]> LeaseAsync(DateTimeOffset at)
        {
            await using var work = await database.Units.BeginAsync(default);
            var leased = await work.Callbacks.LeaseUnsentAsync(at, at.AddMinutes(1), 10, default);
            await work.CommitAsync(default);
            return [.. leased.Select(r => r.Key).Order(StringComparer.Ordinal)];
        }

        async Task MarkAsync(string key, string status)
        {
            await using var work = await database.Units.BeginAsync(default);
            await work.Callbacks.MarkAsync(key, status, null, Now, default);
            await work.CommitAsync(default);
        }

        var later = Now.AddMinutes(1);
        Assert.Equal(["msg:x1", "msg:y1"], await LeaseAsync(later));
        await MarkAsync("msg:y1", "sent");
        // x1 did not go: it stays pending, leased, and x2 waits for it, even once x2 is due.
        await MarkAsync("msg:x1", "pending");
        Assert.Empty(await LeaseAsync(later.AddSeconds(30)));
        Assert.Equal(["msg:x1"], await LeaseAsync(later.AddMinutes(2)));
        await MarkAsync("msg:x1", "sent");
        Assert.Equal(["msg:x2"], await LeaseAsync(later.AddMinutes(2)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_senders_never_lease_the_same_pending_replies(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using (var work = await database.Units.BeginAsync(default))
        {
            for (var i = 0; i < 40; i++)
            {
                await work.Callbacks.TryStartAsync($"msg:{i}", $"user-{i}", Now, default);
                await work.Callbacks.CompleteAsync($"msg:{i}", "pending", "[]", Now, default);
            }

            await work.CommitAsync(default);
        }

        async Task<IReadOnlyList<string>> LeaseAsync(Task? holdUntil = null)
        {
            await using var work = await database.Units.BeginAsync(default);
            var leased = await work.Callbacks.LeaseUnsentAsync(Now, Now.AddMinutes(1), 30, default);
            if (holdUntil is not null)
            {
                await holdUntil;
            }

            await work.CommitAsync(default);
            return leased.Select(r => r.Key).ToList();
        }

        // The first sender keeps its lease open while the second one asks: the second must take the rest, not wait
        // for the first and then find every row it picked already leased.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = LeaseAsync(release.Task);
        var second = Task.Run(() => LeaseAsync());
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(500)));
        release.SetResult();
        var both = await Task.WhenAll(first, second);

        Assert.Empty(both[0].Intersect(both[1]));
        Assert.Equal(40, both[0].Count + both[1].Count);
    }

    [Fact]
    public async Task A_lease_finds_its_rows_by_key_rather_than_walking_every_pending_reply()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using (var work = await database.Units.BeginAsync(default))
        {
            for (var i = 0; i < 300; i++)
            {
                await work.Callbacks.TryStartAsync($"msg:{i}", $"user-{i}", Now.AddSeconds(i), default);
                await work.Callbacks.CompleteAsync($"msg:{i}", "pending", "[]", Now.AddSeconds(i), default);
            }

            await work.CommitAsync(default);
        }

        await using var connection = await database.Database.OpenAsync(default);
        var plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + CallbackLog.LeaseUnsentSql(StorageProvider.Sqlite),
            new { now = Now.AddHours(1), leaseUntil = Now.AddHours(2), limit = 50 })).ToList();

        // The outer update (the plan's top-level step) searches the key; only the pick inside walks the unsent index.
        var outer = Assert.Single(plan, step => step.Parent == 0 && step.Detail.StartsWith("SEARCH", StringComparison.Ordinal));
        Assert.Contains("(key=?)", outer.Detail, StringComparison.Ordinal);
        Assert.Contains(plan, step => step.Parent != 0 && step.Detail.Contains("ix_wecom_callbacks_unsent", StringComparison.Ordinal));

        await using var lease = await database.Units.BeginAsync(default);
        var leased = await lease.Callbacks.LeaseUnsentAsync(Now.AddHours(1), Now.AddHours(2), 50, default);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"msg:{i}").Order(StringComparer.Ordinal), leased.Select(r => r.Key).Order(StringComparer.Ordinal));
    }
}
