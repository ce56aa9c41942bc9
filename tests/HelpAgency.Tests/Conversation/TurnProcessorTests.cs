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
    public async Task Replies_are_handed_back_only_once_the_state_is_saved_and_committed()
    {
        var committed = new TaskCompletionSource();
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var work = NewWork();
            work.Turn.FinishAsync(default, default, default, default).ReturnsForAnyArgs(committed.Task);
            return work;
        });

        var turn = Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);
        await Task.Yield();

        Assert.False(turn.IsCompleted);
        committed.SetResult();
        Assert.Equal("您好", Assert.Single((await turn).Replies).Text);
        await Assert.Single(_works).Turn.Received(1).FinishAsync(
            Arg.Is<ConversationSave>(s => s.StateJson == """{"step":"asked"}""" && s.Read.UserId == "zhangsan"), null, Now, Arg.Any<CancellationToken>());
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
                work.Turn.FinishAsync(default, default, default, default).ThrowsAsyncForAnyArgs(new ConcurrencyConflictException("zhangsan"));
            }

            return work;
        });

        var result = await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);

        Assert.Single(result.Replies);
        Assert.Equal(2, _works.Count);
        await _works[0].Received().DisposeAsync();
        await _works[1].Turn.Received(1).StartAsync("zhangsan", null, Now, Arg.Any<CancellationToken>());
        await _works[1].Turn.ReceivedWithAnyArgs(1).FinishAsync(default, default, default, default);
    }

    [Fact]
    public async Task Conflicts_on_every_attempt_give_up()
    {
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var work = NewWork();
            work.Turn.FinishAsync(default, default, default, default).ThrowsAsyncForAnyArgs(new ConcurrencyConflictException("zhangsan"));
            return work;
        });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None));

        Assert.Equal(TurnProcessor.MaxAttempts, _works.Count);
        foreach (var work in _works)
        {
            await work.Received().DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failing_bot_stores_and_commits_nothing()
    {
        _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None));

        var work = Assert.Single(_works);
        await work.Turn.DidNotReceiveWithAnyArgs().FinishAsync(default, default, default, default);
        await work.Received().DisposeAsync();
    }

    [Fact]
    public async Task A_user_not_known_yet_is_added_as_a_contact_before_the_bot_runs()
    {
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ => NewWork(known: false));

        await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);

        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Users.AddContactAsync("zhangsan", Now, Arg.Any<CancellationToken>());
            _bot.OnTurnAsync(Arg.Is<TurnContext>(t => t.User.Id == "zhangsan"), Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task A_claimed_turn_runs_the_bot_and_stores_the_state_with_the_outcome_the_guard_decided_last()
    {
        var guard = Guard(refusal: null);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Turn.StartAsync("zhangsan", "msg:1", Now, Arg.Any<CancellationToken>());
            guard.Refusal();
            _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>());
            guard.Complete(Arg.Is<IReadOnlyList<Reply>>(r => r.Single().Text == "您好"), Now);
            work.Turn.FinishAsync(
                Arg.Is<ConversationSave>(s => s.StateJson == """{"step":"asked"}"""), Arg.Is<DeliveryOutcome>(o => o.Key == "msg:1"), Now, Arg.Any<CancellationToken>());
        });
        await work.Users.DidNotReceiveWithAnyArgs().AddContactAsync(default!, default, default);
    }

    [Fact]
    public async Task A_delivery_handled_already_runs_nothing_and_stores_nothing()
    {
        var guard = Guard(refusal: null);
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ => NewWork(claimed: false));

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.True(result.IsAlreadyHandled);
        var work = Assert.Single(_works);
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
        await work.Turn.DidNotReceiveWithAnyArgs().FinishAsync(default, default, default, default);
        guard.DidNotReceive().Refusal();
        guard.DidNotReceiveWithAnyArgs().Complete(default!, default);
        await work.Received().DisposeAsync();
    }

    [Fact]
    public async Task A_refused_delivery_stores_the_refusal_as_its_answer_without_running_the_bot()
    {
        IReadOnlyList<Reply> tooFast = [Reply.Plain("您发送得太快了")];
        var guard = Guard(tooFast);

        var refused = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.Same(tooFast, refused.Replies);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            guard.Complete(tooFast, Now);
            work.Turn.FinishAsync(null, Arg.Is<DeliveryOutcome>(o => o.Key == "msg:1"), Now, Arg.Any<CancellationToken>());
        });
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
    }

    /// <summary>A guard of delivery msg:1 that refuses with <paramref name="refusal"/>, or runs the turn when null.</summary>
    private static ITurnGuard Guard(IReadOnlyList<Reply>? refusal)
    {
        var guard = Substitute.For<ITurnGuard>();
        guard.Key.Returns("msg:1");
        guard.Refusal().Returns(refusal);
        guard.Complete(Arg.Any<IReadOnlyList<Reply>>(), Arg.Any<DateTimeOffset>())
            .Returns(call => new DeliveryOutcome("msg:1", "replied", "[]", []));
        return guard;
    }

    private TurnProcessor Processor() =>
        new(_database, _bot, new UserTurnGate(), new FakeTimeProvider(Now), NullLogger<TurnProcessor>.Instance);

    /// <summary>A unit whose turn starts with the claim won (or lost) and the user known (or not), with no conversation yet.</summary>
    private IUnitOfWork NewWork(bool claimed = true, bool known = true)
    {
        var work = Substitute.For<IUnitOfWork>();
        work.Turn.StartAsync(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(call => new TurnStart(
                claimed,
                known ? new AppUser(call.ArgAt<string>(0), call.ArgAt<string>(0), UserRole.Contact, Now) : null,
                ConversationState.Empty(call.ArgAt<string>(0))));
        work.Users.AddContactAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(call => new AppUser(call.Arg<string>(), call.Arg<string>(), UserRole.Contact, Now));
        _works.Add(work);
        return work;
    }
}
