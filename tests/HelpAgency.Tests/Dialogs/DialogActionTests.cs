using HelpAgency.Core.Cases;
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

namespace HelpAgency.Tests.Dialogs;

/// <summary>
/// The dialog actions, one class each: registered by the names the flows use, answering with replies.yaml's words, and
/// leaving every change (state, ledger, pushes) to the case operations.
/// </summary>
public sealed class DialogActionTests
{
    private readonly CaseWorld _world = new();

    [Fact]
    public void Every_action_class_is_registered_once_by_its_flow_name()
    {
        var registered = DialogActions.All();
        var classes = typeof(IDialogAction).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IDialogAction).IsAssignableFrom(t)).ToList();

        Assert.Equal(registered.Count, registered.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(classes.OrderBy(t => t.Name), registered.Select(a => a.GetType()).OrderBy(t => t.Name));
        var named = FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder)).SelectMany(f => f.Steps).OfType<ActionStep>().Select(s => s.Action).ToHashSet();
        Assert.Subset(registered.Select(a => a.Name).ToHashSet(), named);
    }

    [Fact]
    public void A_template_an_action_says_missing_from_replies_yaml_fails_the_start()
    {
        var shipped = ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName));
        var without = new ReplyTemplates(shipped.Keys.Where(k => k != "my_tasks_overdue").ToDictionary(k => k, k => (IReadOnlyList<string>)[shipped.Get(k)]));

        var error = Assert.Throws<ContentException>(() => new DialogContent(FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder)),
            SlotValidators.All(), DialogActions.All(), without, ReplyTemplates.FileName));

        Assert.Equal(ReplyTemplates.FileName, error.File);
        Assert.Contains("my_tasks_overdue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_complaint_gets_its_number_and_the_supervisors_hear_at_once_through_the_operation()
    {
        var turn = Turn(CaseWorld.Contact, ("complaint", "帮办专员三天没回电话"));

        var result = await Action("complaint").RunAsync(turn, default);

        Assert.Equal(ActionResult.Next, result);
        Assert.Equal($"您的投诉已登记，编号TS2026-000901。区政务和大数据局将尽快核实处理并答复您。", Assert.Single(turn.Turn.Replies).Text);
        Assert.Equal("complaint", Assert.Single(_world.Ledger).Action);
        var alert = Assert.Single(_world.PushesTo(CaseWorld.Supervisor.Id));
        Assert.True(alert.Urgent);
        Assert.Contains($"来自：contact-1（案件{_world.Case.ReferenceNo}）", alert.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_operation_is_said_politely_ends_the_flow_and_changes_nothing()
    {
        var turn = Turn(CaseWorld.Contact, ("case", "42"), ("item", "A1"), ("status", "submitted"), ("item:display", "企业投资项目备案"), ("case:display", "光谷智造园"));

        var result = await Action("update_progress").RunAsync(turn, default);

        Assert.Equal(ActionResult.Finish, result);
        Assert.Equal("这项操作仅限帮办工作人员。", Assert.Single(turn.Turn.Replies).Text);
        Assert.All(_world.Items, i => Assert.Equal(ItemStatus.NotStarted, i.Status));
        Assert.Empty(_world.Ledger);
    }

    [Fact]
    public async Task My_tasks_lists_each_open_case_with_its_overdue_items()
    {
        _world.Items[0] = _world.Items[0] with { Status = ItemStatus.Submitted };
        var turn = Turn(CaseWorld.Assistant);

        await Action("my_tasks").RunAsync(turn, default);

        Assert.Equal($"您有1个在办案件：\n- 光谷智造园（{_world.Case.ReferenceNo}）：2项未办结，**超期：企业投资项目备案**", Assert.Single(turn.Turn.Replies).Text);
    }

    [Fact]
    public async Task The_materials_list_marks_the_optional_ones()
    {
        var turn = Turn(CaseWorld.Contact, ("item", "A1"));

        await Action("list_materials").RunAsync(turn, default);

        Assert.Equal("1. 备案登记表\n2. 项目简介（非必需）", turn.Slot("materials_list"));
        Assert.Equal("1|备案登记表\n2|项目简介", turn.Slot("_choices"));
    }

    private static IDialogAction Action(string name) => DialogActions.All().Single(a => a.Name == name);

    private DialogTurn Turn(AppUser user, params (string Slot, string Value)[] slots)
    {
        var services = new DialogServices(_world.Replies, _world.Catalog, Core.Catalog.WorkingDayCalendar.WeekdaysOnly, _world.Operations,
            new TransactionalOutbox(Options.Create(new PushOptions())), BotSettings.Load(Path.Combine(RepositoryRoot.Dialogs, BotSettings.FileName)));
        var turn = new TurnContext(Activity.Message("local", user.Id, ""), user, ConversationState.Empty(user.Id), _world.Work, CaseWorld.Now);
        var recognition = new RecognitionResult("", new IntentScore(IntentNames.OutOfScope, 1), [], [], RecognitionDecision.Accept, [], ByRule: true);
        return new DialogTurn(turn, recognition, slots.ToDictionary(s => s.Slot, s => s.Value), services, []);
    }
}
