using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace HelpAgency.Tests.Conversation;

public sealed class TurnProcessorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly IUnitOfWorkFactory _database = Substitute.For<IUnitOfWorkFactory>();
    private readonly List<IUnitOfWork> _works = [];
    private readonly IBot _bot = Substitute.For<IBot>();

    public TurnProcessorTests()
    {
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ => NewWork());
        _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var turn = call.Arg<TurnContext>();
            turn.StateJson = """{"step":"asked"}""";
            turn.Reply(Reply.Plain("您好"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Replies_are_handed_back_only_after_the_state_is_saved_and_committed()
    {
        var result = await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);

        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Conversations.SaveAsync(Arg.Any<ConversationState>(), """{"step":"asked"}""", Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task A_turn_that_lost_a_race_runs_again_from_a_fresh_read()
    {
        var conflicts = 0;
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var work = NewWork();
            if (conflicts++ == 0)
            {
                work.Conversations.SaveAsync(default!, default!, default, default).ThrowsAsyncForAnyArgs(new ConcurrencyConflictException("zhangsan"));
            }

            return work;
        });

        var result = await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);

        Assert.Single(result.Replies);
        Assert.Equal(2, _works.Count);
        await _works[0].DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await _works[0].Received().DisposeAsync();
        await _works[1].Received(1).CommitAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Conflicts_on_every_attempt_give_up_without_committing()
    {
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var work = NewWork();
            work.Conversations.SaveAsync(default!, default!, default, default).ThrowsAsyncForAnyArgs(new ConcurrencyConflictException("zhangsan"));
            return work;
        });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None));

        Assert.Equal(TurnProcessor.MaxAttempts, _works.Count);
        foreach (var work in _works)
        {
            await work.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        }
    }

    [Fact]
    public async Task A_failing_bot_commits_nothing()
    {
        _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None));

        var work = Assert.Single(_works);
        await work.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await work.Received().DisposeAsync();
    }

    [Fact]
    public async Task A_claimed_turn_runs_the_bot_and_stores_the_state_and_the_outcome_in_one_unit_before_its_commit()
    {
        var guard = Guard(TurnClaim.Run);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            guard.ClaimAsync(work, Now, Arg.Any<CancellationToken>());
            work.Users.GetOrAddContactAsync("zhangsan", Now, Arg.Any<CancellationToken>());
            _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>());
            work.Conversations.SaveAsync(Arg.Any<ConversationState>(), """{"step":"asked"}""", Now, Arg.Any<CancellationToken>());
            guard.CompleteAsync(work, Arg.Is<IReadOnlyList<Reply>>(r => r.Single().Text == "您好"), Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task A_delivery_handled_already_runs_nothing_and_commits_nothing()
    {
        var guard = Guard(TurnClaim.Lost);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.True(result.IsAlreadyHandled);
        var work = Assert.Single(_works);
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
        await work.DidNotReceive().CommitAsync(Arg.Any<CancellationToken>());
        await guard.DidNotReceiveWithAnyArgs().CompleteAsync(default!, default!, default, default);
        await work.Received().DisposeAsync();
    }

    [Fact]
    public async Task A_refused_delivery_stores_the_refusal_as_its_answer_without_running_the_bot()
    {
        IReadOnlyList<Reply> tooFast = [Reply.Plain("您发送得太快了")];
        var guard = Guard(TurnClaim.Refuse(tooFast));

        var refused = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.Same(tooFast, refused.Replies);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            guard.ClaimAsync(work, Now, Arg.Any<CancellationToken>());
            guard.CompleteAsync(work, tooFast, Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
        await work.Conversations.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default);
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
    }

    /// <summary>A guard whose claim decides <paramref name="claim"/>.</summary>
    private static ITurnGuard Guard(TurnClaim claim)
    {
        var guard = Substitute.For<ITurnGuard>();
        guard.ClaimAsync(Arg.Any<IUnitOfWork>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(claim);
        return guard;
    }

    private TurnProcessor Processor() =>
        new(_database, _bot, new UserTurnGate(), new FakeTimeProvider(Now), NullLogger<TurnProcessor>.Instance);

    private IUnitOfWork NewWork()
    {
        var work = Substitute.For<IUnitOfWork>();
        work.Users.GetOrAddContactAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(call => new AppUser(call.Arg<string>(), call.Arg<string>(), UserRole.Contact, Now));
        work.Conversations.GetAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => ConversationState.Empty(call.Arg<string>()));
        _works.Add(work);
        return work;
    }
}
