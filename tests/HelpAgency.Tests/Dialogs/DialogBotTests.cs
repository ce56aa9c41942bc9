using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;
using HelpAgency.Tests.Cases;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace HelpAgency.Tests.Dialogs;

/// <summary>
/// The dialog runtime itself, turn after turn, on a small content of its own: a booking form (a name, a mobile number with
/// two attempts, then a yes-or-no confirmation and its branch), a card that names an item, the shipped bot.yaml (global
/// intents cancel, help, handoff and progress_query; cancel and handoff end a form), rules for the commands and a few
/// examples for the rest. Every reply template says its own key («key»), so a test reads what the user was told in
/// order; the case operations and the unit of work are <see cref="CaseWorld"/>'s fakes (contact-1 with case 42, whose
/// assistant is 李帮办). The stored state is kept between turns as the turn processor keeps it.
/// </summary>
public sealed class DialogBotTests
{
    private const string Intents = """
        intents:
          - name: help
            rules: [{pattern: '^帮助$', priority: 100}]
          - name: cancel
            rules: [{pattern: '^取消$', priority: 100}]
          - name: handoff
            rules: [{pattern: '^转人工$', priority: 100}]
          - name: progress_query
            rules: [{pattern: '^查进度$', priority: 100}]
          - name: book_visit
            rules: [{pattern: '^预约上门$', priority: 100}]
          - name: how_to_proceed
            examples: [要多久, 办下来要多久, 多久能办好, 需要多长时间, 几天能办完, 要什么材料, 材料有哪些, 怎么办理, 办理流程是什么, 要交哪些材料]
          - name: out_of_scope
            examples: [今天天气怎么样, 讲个笑话, 你是机器人吗, 中午吃什么, 股票会涨吗, 推荐一部电影]
        """;

    private const string Flows = """
        flows:
          - id: help
            intents: [help]
            steps:
              - {id: show, say: help}
          - id: cancel
            intents: [cancel]
            steps:
              - {id: none, say: nothing_to_cancel}
          - id: out_of_scope
            intents: [out_of_scope]
            steps:
              - {id: polite, say: out_of_scope}
          - id: handoff
            intents: [handoff]
            steps:
              - {id: call, action: handoff}
          - id: progress
            intents: [progress_query]
            steps:
              - {id: answer, say: test.progress}
          - id: book_visit
            intents: [book_visit]
            steps:
              - {id: contact_name, collect: contact_name, prompt: test.ask_name, validate: text}
              - {id: phone, collect: phone, prompt: test.ask_phone, retry: test.ask_phone_again, validate: mobile, max_attempts: 2}
              - {id: confirm, collect: confirmed, prompt: test.confirm, validate: yes_no}
              - id: decide
                branch:
                  - {slot: confirmed, equals: "yes", goto: booked}
                else: dropped
              - {id: dropped, say: test.not_booked, goto: done}
              - {id: booked, say: test.booked}
              - {id: done, end: true}
          - id: how
            intents: [how_to_proceed]
            steps:
              - {id: item, collect: item, prompt: test.ask_item, validate: item}
              - {id: answer, say: test.how}
        """;

    private static readonly string[] TestTemplates =
        ["test.progress", "test.ask_name", "test.ask_phone", "test.ask_phone_again", "test.confirm", "test.not_booked", "test.booked", "test.ask_item", "test.how"];

    private readonly CaseWorld _world = new();
    private readonly FakeTimeProvider _clock = new(CaseWorld.Now);
    private readonly DialogBot _bot;
    private ConversationState _conversation = ConversationState.Empty(CaseWorld.Contact.Id);

    public DialogBotTests()
    {
        var shipped = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));
        var replies = new ReplyTemplates(shipped.Keys.Concat(TestTemplates).ToDictionary(k => k, k => (IReadOnlyList<string>)[$"«{k}»"], StringComparer.Ordinal));
        var normalizer = new TextNormalizer(new Dictionary<char, char>(), new Dictionary<string, string>(StringComparer.Ordinal), []);
        var intents = IntentSet.Parse([("intents.yaml", new StringReader(Intents))], normalizer,
            [IntentNames.Help, IntentNames.Cancel, IntentNames.Handoff, IntentNames.ProgressQuery, IntentNames.BookVisit, IntentNames.HowToProceed, IntentNames.OutOfScope]);
        var items = _world.Catalog.Items.Select(i => new GazetteerEntry("item", i.Code, i.Name, []));
        var recognizer = new IntentRecognizer(new RecognitionContent(normalizer, [.. items], [], intents, new RecognitionSettings()), _clock);
        var services = new DialogServices(replies, _world.Catalog, WorkingDayCalendar.WeekdaysOnly, _world.Operations,
            new TransactionalOutbox(Options.Create(new PushOptions())), BotSettings.Load(Path.Combine(RepositoryRoot.Dialogs, BotSettings.FileName)));
        var content = new DialogContent(FlowLoader.Parse(Flows, "flows.yaml"), SlotValidators.All(), DialogActions.All(), replies, ReplyTemplates.FileName);
        _bot = new DialogBot(recognizer, content, services);
    }

    // ---- A global intent inside a form ----

    [Theory]
    [InlineData("帮助", "«help»")]
    [InlineData("查进度", "«test.progress»")]
    public async Task A_global_intent_inside_a_form_is_answered_then_the_question_is_put_again_and_the_form_goes_on_from_it(string interruption, string answer)
    {
        await AtPhoneAsync();

        Assert.Equal([answer, "«back_to_question»", "«test.ask_phone»"], await SayAsync(interruption));
        var frame = Frame();
        Assert.Equal(("book_visit", "phone", 0), (frame.Flow, frame.Step, frame.Attempts));
        Assert.Equal("张三", frame.Slots["contact_name"]);

        Assert.Equal(["«test.confirm»"], await SayAsync("13912345678"));
        Assert.Equal("13912345678", Frame().Slots["phone"]);
    }

    [Fact]
    public async Task A_side_question_costs_no_attempt_so_the_form_still_allows_its_full_attempts_after_it()
    {
        await AtPhoneAsync();
        Assert.Equal(["«invalid_mobile»", "«test.ask_phone_again»"], await SayAsync("一二三"));

        await SayAsync("帮助");

        Assert.Equal(1, Frame().Attempts);
        Assert.Equal(["«test.confirm»"], await SayAsync("13912345678"));
    }

    // ---- Form enders ----

    [Fact]
    public async Task Cancel_ends_the_form_with_its_reply_and_the_next_message_is_routed_afresh_not_taken_as_the_answer()
    {
        await AtPhoneAsync();

        Assert.Equal(["«cancelled»"], await SayAsync("取消"));
        Assert.Null(State().Frame);

        Assert.Equal(["«out_of_scope»"], await SayAsync("13912345678"));
        Assert.Null(State().Frame);
    }

    [Fact]
    public async Task Cancel_outside_a_form_runs_its_own_flow()
    {
        Assert.Equal(["«nothing_to_cancel»"], await SayAsync("取消"));
    }

    [Fact]
    public async Task Asking_for_a_person_inside_a_form_ends_it_and_hands_the_user_over_with_what_they_said()
    {
        await AtPhoneAsync();

        Assert.Equal(["«handoff»"], await SayAsync("转人工"));

        Assert.Null(State().Frame);
        var push = PushText(Assert.Single(_world.PushesTo(CaseWorld.Assistant.Id)));
        Assert.Contains("> 预约上门\n> 张三\n> 转人工", push, StringComparison.Ordinal);
        Assert.Equal("handoff", Assert.Single(_world.Ledger).Action);
    }

    [Fact]
    public async Task A_form_that_runs_out_of_attempts_says_so_hands_the_user_to_a_person_and_ends()
    {
        await AtPhoneAsync();

        Assert.Equal(["«invalid_mobile»", "«test.ask_phone_again»"], await SayAsync("一二三"));
        Assert.Equal(["«attempts_exhausted»", "«handoff»"], await SayAsync("不知道"));

        Assert.Null(State().Frame);
        Assert.Single(_world.PushesTo(CaseWorld.Assistant.Id));
    }

    // ---- A confirmation step ----

    [Theory]
    [InlineData("是", "«test.booked»")]
    [InlineData("否", "«test.not_booked»")]
    public async Task The_confirmation_branches_on_the_answer_and_the_form_ends_either_way(string answer, string reply)
    {
        await AtConfirmationAsync();

        Assert.Equal([reply], await SayAsync(answer));
        Assert.Null(State().Frame);
    }

    [Fact]
    public async Task An_answer_that_is_neither_yes_nor_no_is_refused_and_the_confirmation_asked_again()
    {
        await AtConfirmationAsync();

        Assert.Equal(["«invalid_yes_no»", "«test.confirm»"], await SayAsync("随便吧"));

        var frame = Frame();
        Assert.Equal(("confirm", 1), (frame.Step, frame.Attempts));
        Assert.Equal(["«test.booked»"], await SayAsync("好的"));
    }

    // ---- Fallback and hand-off ----

    [Fact]
    public async Task A_message_nothing_fits_gets_the_polite_fallback_and_is_kept_for_the_supervisors()
    {
        Assert.Equal(["«out_of_scope»"], await SayAsync("今天天气怎么样"));

        await _world.Work.MissedQuestions.Received(1).AppendAsync(
            Arg.Is<MissedQuestion>(q => q.Text == "今天天气怎么样" && q.Outcome == MissedOutcomes.OutOfScope && q.UserId == CaseWorld.Contact.Id),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Asking_for_a_person_hands_over_and_keeps_the_question_the_bot_missed_before_it()
    {
        await SayAsync("中午吃什么");
        _world.Work.MissedQuestions.ClearReceivedCalls();

        Assert.Equal(["«handoff»"], await SayAsync("转人工"));

        await _world.Work.MissedQuestions.Received(1).AppendAsync(
            Arg.Is<MissedQuestion>(q => q.Text == "中午吃什么" && q.Outcome == MissedOutcomes.Handoff), Arg.Any<CancellationToken>());
        Assert.Contains("> 中午吃什么\n> 转人工", PushText(Assert.Single(_world.PushesTo(CaseWorld.Assistant.Id))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_a_person_with_no_assistant_on_duty_says_nobody_is_free_and_tells_the_supervisors()
    {
        var contact = new AppUser("contact-7", "contact-7", UserRole.Contact, CaseWorld.Now);
        _world.Work.Staff.ListAsync(Arg.Any<UserRole?>(), Arg.Any<CancellationToken>()).Returns([]);

        Assert.Equal(["«handoff_nobody»"], await SayAsync("转人工", contact));
    }

    // ---- Follow-ups ----

    [Fact]
    public async Task A_short_follow_up_takes_the_item_last_named_for_thirty_minutes_and_then_asks_for_it()
    {
        Assert.Equal(["«test.how»"], await SayAsync("企业投资项目备案要多久"));
        Assert.Equal(("item:A1:企业投资项目备案", CaseWorld.Now), (State().Topic, State().TopicAt));

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(["«test.how»"], await SayAsync("那要多久"));

        // Its age counts from when it was named, not from the follow-ups that leaned on it.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["«test.ask_item»"], await SayAsync("那要多久"));
        Assert.Equal("how", Frame().Flow);
        Assert.Equal(CaseWorld.Now, State().TopicAt);

        Assert.Equal(["«test.how»"], await SayAsync("企业投资项目备案"));
    }

    /// <summary>The booking form begun and its name given: the mobile number is asked for.</summary>
    private async Task AtPhoneAsync()
    {
        await SayAsync("预约上门");
        await SayAsync("张三");
    }

    /// <summary>The booking form filled up to its confirmation.</summary>
    private async Task AtConfirmationAsync()
    {
        await AtPhoneAsync();
        await SayAsync("13912345678");
    }

    /// <summary>Runs one turn of <paramref name="user"/> (contact-1 by default) at the clock's time; saves its state as the turn processor would.</summary>
    private async Task<IReadOnlyList<string>> SayAsync(string text, AppUser? user = null)
    {
        user ??= CaseWorld.Contact;
        var turn = new TurnContext(Activity.Message("wecom", user.Id, text), user, _conversation, _world.Work, _clock.GetUtcNow(), contactProjects: []);
        await _bot.OnTurnAsync(turn, default);
        _conversation = _conversation with { StateJson = turn.StateJson, Version = _conversation.Version + 1 };
        return [.. turn.Replies.Select(r => r.Text)];
    }

    private static string PushText(OutboxMessage push) => System.Text.Json.JsonDocument.Parse(push.Content).RootElement.GetProperty("text").GetString()!;

    private DialogState State() => DialogState.Parse(_conversation.StateJson);

    private FlowFrame Frame() => State().Frame ?? throw new Xunit.Sdk.XunitException("No form is open: " + _conversation.StateJson);
}
