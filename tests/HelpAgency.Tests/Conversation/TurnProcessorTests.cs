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
    public async Task With_one_writer_the_bot_acts_on_a_read_snapshot_and_the_writer_only_stores_the_outcome()
    {
        var read = OneWriter();
        var seen = new List<IUnitOfWork>();
        _bot.When(b => b.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>())).Do(call => seen.Add(call.Arg<TurnContext>().Work));

        var result = await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "你好"), CancellationToken.None);

        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        Assert.Same(read, Assert.Single(seen));
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Conversations.SaveAsync(Arg.Any<ConversationState>(), """{"step":"asked"}""", Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
        await read.DidNotReceiveWithAnyArgs().CommitAsync(default);
        await read.Conversations.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default);
        await read.Received().DisposeAsync();
    }

    [Fact]
    public async Task A_bot_refused_a_write_on_the_snapshot_runs_again_inside_the_writer_and_replies_once()
    {
        var read = OneWriter();
        var runs = 0;
        _bot.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var turn = call.Arg<TurnContext>();
            runs++;
            turn.Reply(Reply.Plain("已为您提交申请"));
            return ReferenceEquals(turn.Work, read) ? Task.FromException(new WriteRefusedException("read only")) : Task.CompletedTask;
        });

        var result = await Processor().ProcessAsync(Activity.Message("local", "zhangsan", "是"), CancellationToken.None);

        Assert.Equal(2, runs);
        Assert.Equal("已为您提交申请", Assert.Single(result.Replies).Text);
        var work = Assert.Single(_works);
        await work.Users.Received(1).GetOrAddContactAsync("zhangsan", Now, Arg.Any<CancellationToken>());
        await work.Received(1).CommitAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_first_message_read_on_the_snapshot_adds_the_contact_when_the_turn_is_stored()
    {
        var read = OneWriter();
        read.Users.FindAsync("newcomer", Arg.Any<CancellationToken>()).Returns((AppUser?)null);
        AppUser? seen = null;
        _bot.When(b => b.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>())).Do(call => seen = call.Arg<TurnContext>().User);

        await Processor().ProcessAsync(Activity.Message("local", "newcomer", "你好"), CancellationToken.None);

        Assert.Equal(new AppUser("newcomer", "newcomer", UserRole.Contact, Now), seen);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Users.GetOrAddContactAsync("newcomer", Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task A_first_message_from_someone_added_as_staff_meanwhile_is_answered_again_as_staff()
    {
        var read = OneWriter();
        read.Users.FindAsync("li.si", Arg.Any<CancellationToken>()).Returns((AppUser?)null);
        var assistant = new AppUser("li.si", "帮办李", UserRole.Assistant, Now);
        _database.BeginAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var work = NewWork();
            work.Users.GetOrAddContactAsync("li.si", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(assistant);
            return work;
        });
        var roles = new List<UserRole>();
        _bot.When(b => b.OnTurnAsync(Arg.Any<TurnContext>(), Arg.Any<CancellationToken>())).Do(call => roles.Add(call.Arg<TurnContext>().User.Role));

        // The second attempt reads the staff member on its snapshot.
        var reads = 0;
        _database.BeginReadAsync(Arg.Any<CancellationToken>()).Returns(_ => reads++ == 0 ? read : Read(assistant));

        await Processor().ProcessAsync(Activity.Message("local", "li.si", "你好"), CancellationToken.None);

        Assert.Equal([UserRole.Contact, UserRole.Assistant], roles);
        await _works[0].DidNotReceiveWithAnyArgs().CommitAsync(default);
        await _works[1].Received(1).CommitAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_redelivery_seen_on_the_snapshot_is_not_acted_on_and_takes_no_writer()
    {
        var read = OneWriter();
        var guard = Guard();
        guard.WasHandledAsync(read, Arg.Any<CancellationToken>()).Returns(true);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.True(result.IsAlreadyHandled);
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
        Assert.Empty(_works);
    }

    [Fact]
    public async Task A_snapshot_turn_claims_its_delivery_with_the_replies_in_one_write_after_the_state_and_before_the_commit()
    {
        OneWriter();
        var guard = Guard();
        guard.ClaimWithOutcomeAsync(Arg.Any<IUnitOfWork>(), Arg.Any<IReadOnlyList<Reply>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(true);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.Equal("您好", Assert.Single(result.Replies).Text);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            work.Conversations.SaveAsync(Arg.Any<ConversationState>(), """{"step":"asked"}""", Now, Arg.Any<CancellationToken>());
            guard.ClaimWithOutcomeAsync(work, Arg.Is<IReadOnlyList<Reply>>(r => r.Single().Text == "您好"), Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
        await guard.DidNotReceiveWithAnyArgs().ClaimAsync(default!, default, default);
        await guard.DidNotReceiveWithAnyArgs().CompleteAsync(default!, default!, default, default);
    }

    [Fact]
    public async Task A_delivery_claimed_after_the_snapshot_was_read_is_dropped_with_what_the_bot_decided()
    {
        OneWriter();
        var guard = Guard();
        guard.ClaimWithOutcomeAsync(Arg.Any<IUnitOfWork>(), Arg.Any<IReadOnlyList<Reply>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(false);

        var result = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None);

        Assert.True(result.IsAlreadyHandled);
        var work = Assert.Single(_works);
        // The state saved before the claim is dropped with the uncommitted unit.
        await work.DidNotReceiveWithAnyArgs().CommitAsync(default);
        await work.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task A_refused_delivery_stores_the_refusal_as_its_answer_without_running_the_bot_on_either_path()
    {
        IReadOnlyList<Reply> tooFast = [Reply.Plain("您发送得太快了")];
        var claimedFirst = Guard(tooFast);
        claimedFirst.ClaimAsync(Arg.Any<IUnitOfWork>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(true);

        var refused = await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), claimedFirst, CancellationToken.None);

        Assert.Same(tooFast, refused.Replies);
        var work = Assert.Single(_works);
        Received.InOrder(() =>
        {
            claimedFirst.ClaimAsync(work, Now, Arg.Any<CancellationToken>());
            claimedFirst.Refusal();
            claimedFirst.CompleteAsync(work, tooFast, Now, Arg.Any<CancellationToken>());
            work.CommitAsync(Arg.Any<CancellationToken>());
        });
        await work.Conversations.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default);

        OneWriter();
        var onSnapshot = Guard(tooFast);
        onSnapshot.ClaimWithOutcomeAsync(Arg.Any<IUnitOfWork>(), Arg.Any<IReadOnlyList<Reply>>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(true);

        Assert.Same(tooFast, (await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), onSnapshot, CancellationToken.None)).Replies);
        await onSnapshot.Received(1).ClaimWithOutcomeAsync(_works[1], tooFast, Now, Arg.Any<CancellationToken>());
        await _works[1].Conversations.DidNotReceiveWithAnyArgs().SaveAsync(default!, default!, default, default);
        await _bot.DidNotReceiveWithAnyArgs().OnTurnAsync(default!, default);
    }

    [Fact]
    public async Task A_redelivery_is_never_asked_about_the_limit()
    {
        var guard = Guard([Reply.Plain("您发送得太快了")]);
        guard.ClaimAsync(Arg.Any<IUnitOfWork>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(false);

        Assert.True((await Processor().ProcessAsync(Activity.Message("wecom", "zhangsan", "你好"), guard, CancellationToken.None)).IsAlreadyHandled);
        guard.DidNotReceive().Refusal();
    }

    /// <summary>A guard that admits the turn unless given the replies that refuse it.</summary>
    private static ITurnGuard Guard(IReadOnlyList<Reply>? refusal = null)
    {
        var guard = Substitute.For<ITurnGuard>();
        guard.Refusal().Returns(refusal);
        return guard;
    }

    /// <summary>A database with one writer: turns read on the returned unit first.</summary>
    private IUnitOfWork OneWriter()
    {
        _database.HasSingleWriter.Returns(true);
        var read = Read(null);
        _database.BeginReadAsync(Arg.Any<CancellationToken>()).Returns(read);
        return read;
    }

    private static IUnitOfWork Read(AppUser? user)
    {
        var read = Substitute.For<IUnitOfWork>();
        read.Users.FindAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => user ?? new AppUser(call.Arg<string>(), call.Arg<string>(), UserRole.Contact, Now));
        read.Conversations.GetAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => ConversationState.Empty(call.Arg<string>()));
        return read;
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
