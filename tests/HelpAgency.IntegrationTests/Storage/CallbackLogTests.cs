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
    public async Task A_delivery_completed_once_keeps_its_outcome_and_a_copy_changes_nothing(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        async Task<bool> RecordAsync(string status, string replies)
        {
            await using var work = await database.Units.BeginAsync(default);
            var recorded = await work.Callbacks.TryStartAsync("msg:7300000000000002", "zhang.san", Now, default);
            if (recorded)
            {
                await work.Callbacks.CompleteAsync("msg:7300000000000002", status, replies, Now, default);
            }

            await work.CommitAsync(default);
            return recorded;
        }

        Assert.True(await RecordAsync("pending", """[{"text":"您好"}]"""));
        Assert.False(await RecordAsync("replied", "[]"));

        await using var work = await database.Units.BeginAsync(default);
        var record = await work.Callbacks.FindAsync("msg:7300000000000002", default);
        Assert.NotNull(record);
        Assert.Equal(("pending", """[{"text":"您好"}]""", "zhang.san"), (record.Status, record.RepliesJson, record.UserId));

        // An earlier design's pending record is found for the hand-over to the outbox at start.
        Assert.Equal("msg:7300000000000002", Assert.Single(await work.Callbacks.ListPendingAsync(10, default)).Key);
    }
}
