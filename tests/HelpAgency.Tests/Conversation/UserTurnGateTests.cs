using HelpAgency.Core.Conversation;

namespace HelpAgency.Tests.Conversation;

public sealed class UserTurnGateTests
{
    [Fact]
    public async Task A_second_turn_of_the_same_user_waits_for_the_first()
    {
        var gate = new UserTurnGate();
        var first = await gate.EnterAsync("zhangsan", CancellationToken.None);

        // The gate has no timer: a second entry that does not wait completes at once.
        var second = gate.EnterAsync("zhangsan", CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var entered = await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Different_users_do_not_wait_for_each_other()
    {
        var gate = new UserTurnGate();
        using var first = await gate.EnterAsync("zhangsan", CancellationToken.None);

        using var other = await gate.EnterAsync("lisi", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_gate_usable()
    {
        var gate = new UserTurnGate();
        var first = await gate.EnterAsync("zhangsan", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync("zhangsan", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        first.Dispose();
        first.Dispose(); // a second dispose must not release twice
        using var again = await gate.EnterAsync("zhangsan", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(gate.EnterAsync("zhangsan", CancellationToken.None).IsCompleted);
    }
}
