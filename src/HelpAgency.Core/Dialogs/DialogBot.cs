using System.Globalization;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs;

/// <summary>
/// The dialog runtime: recognises the message, continues the flow the user is in or starts the one their
/// intent names, and keeps the rules the anchors' users asked for: global intents inside a form cost no
/// attempt and re-ask the question once; a form gives up after its attempts and hands off to a person; a
/// flow edited under a waiting user follows its declared policy; staff intents answer staff only.
/// Everything it writes goes through the turn's unit of work, so replies are sent only after it commits.
/// </summary>
public sealed class DialogBot(IntentRecognizer recognizer, DialogContent content, DialogServices services, KnowledgeIndex? knowledge = null, ConditionAnswerer? conditions = null, RecognitionModel? model = null) : IBot
{
    // With a model, what supervisors have taught takes effect at once: each turn reads its current build.
    private IntentRecognizer Recognizer => model?.Recognizer ?? recognizer;

    private KnowledgeIndex? Knowledge => model?.Knowledge ?? knowledge;

    public const string FallbackIntent = "out_of_scope";
    private const int MaxStepsPerTurn = 64;

    public async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var state = DialogState.Parse(turn.StateJson);
        await RunAsync(turn, state, cancellationToken);
        turn.StateJson = state.ToJson();
        if (turn.HeldPushes.Until is { } until)
        {
            SayHeld(turn, until);
        }
    }

    /// <summary>Tells the member whose action queued pushes to others in quiet hours when those go out (China time).</summary>
    private void SayHeld(TurnContext turn, DateTimeOffset until)
    {
        var day = ChinaTime.Today(until).DayNumber - ChinaTime.Today(turn.Now).DayNumber;
        var at = ChinaTime.Of(until);
        var values = new Dictionary<string, string>
        {
            ["time"] = at.ToString("H:mm", CultureInfo.InvariantCulture),
            ["date"] = services.Replies.Day(DateOnly.FromDateTime(at.DateTime)),
        };
        Say(turn, day switch { 0 => "pushes_held_today", 1 => "pushes_held_tomorrow", _ => "pushes_held_later" }, values);
    }

    private async Task RunAsync(TurnContext turn, DialogState state, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.EventName == "enter_agent" || activity.UnsupportedKind is not null)
        {
            Say(turn, activity.UnsupportedKind is null ? "greeting" : "unsupported_message");
            await ReaskAsync(turn, state, cancellationToken);
            return;
        }

        if (CardClicks.Handles(activity))
        {
            await CardClicks.HandleAsync(turn, services, cancellationToken);
            return;
        }

        string? forcedIntent = null;
        var text = activity.Text?.Trim() ?? "";
        if (activity.EventKey is { } key && key.StartsWith("intent:", StringComparison.Ordinal))
        {
            forcedIntent = key["intent:".Length..];
            text = "";
        }
        else if (text.Length == 0)
        {
            Say(turn, "not_understood");
            return;
        }

        if (text.Length > 0)
        {
            state.Remember(text);
        }

        var projects = await ProjectNames.KnownToAsync(turn, cancellationToken);
        var context = content.ContextFor(turn.User.Role, projects);
        var recognition = forcedIntent is null
            ? Recognizer.Recognize(text, context)
            : new RecognitionResult(text, new IntentScore(forcedIntent, 1), [], [new IntentScore(forcedIntent, 1)], RecognitionDecision.Accept, [], ByRule: true);
        if (forcedIntent is null && state.Frame is null)
        {
            // "我们项目卡在哪个部门了": a free question about the user's own case is a progress query with a focus.
            recognition = CaseQuestions.Route(recognition, projects.Count > 0, Recognizer.Settings);
        }

        (recognition, var followUp, var searched) = WithTopic(turn, state, text, recognition);
        if (state.Frame is { } frame && await ContinueFrameAsync(turn, state, frame, text, recognition, cancellationToken))
        {
            return;
        }

        if (state.Clarify is { Count: > 0 } options)
        {
            var original = state.ClarifyText;
            state.Clarify = null;
            state.ClarifyText = null;
            if (PickOption(text, options, recognition) is { } chosen)
            {
                var again = original is null ? recognition : Recognizer.Recognize(original, context);
                await StartFlowAsync(turn, state, chosen, original ?? text, again, cancellationToken);
                return;
            }
        }

        // A follow-up ("那能延期吗" after 施工证) is searched as if it named the last topic.
        var question = followUp && recognition.Entities.LastOrDefault(e => e.Entity is "item" or "stage") is { Name: { } topic } ? topic + text : text;
        var knowledgeHits = forcedIntent is null && Knowledge is { } index && KnowledgeRouter.Searches(recognition, text, Recognizer.Settings, projects.Count > 0)
            ? searched ?? index.Search(question)
            : [];
        if (forcedIntent is null && (!followUp || state.Condition is not null) && conditions is not null
            && await AnswerConditionAsync(turn, state, text, recognition, knowledgeHits.Count > 0 ? knowledgeHits[0].Score : 0))
        {
            return;
        }

        switch (KnowledgeRouter.Route(recognition, knowledgeHits, Recognizer.Settings, projects.Count > 0, followUp))
        {
            case QuestionRoute.Entry(var entry):
                Answer(turn, entry);
                break;
            case QuestionRoute.Intent(var intent, var accepted):
                if (accepted && intent == IntentNames.Handoff && text.Length > 0)
                {
                    // What the user asked before giving up on the bot is what it missed.
                    await RecordMissAsync(turn, state.Recent.Count >= 2 ? state.Recent[^2] : text, MissedOutcomes.Handoff, recognition, cancellationToken);
                }
                else if (!accepted && !followUp)
                {
                    // Read without the confidence to accept it: answered as best the bot could, and shown to the supervisors.
                    // A follow-up ("那要多久" after an item) is read by the conversation's topic, which is no guess.
                    await RecordMissAsync(turn, text, MissedOutcomes.Unsure, recognition, cancellationToken);
                }

                await StartFlowAsync(turn, state, intent, text, recognition, cancellationToken);
                break;
            case QuestionRoute.Clarify(var first, var second):
                await RecordMissAsync(turn, text, MissedOutcomes.Clarify, recognition, cancellationToken);
                Clarify(turn, state, [first, second], text, recognition);
                break;
            default:
                await RecordMissAsync(turn, text, MissedOutcomes.OutOfScope, recognition, cancellationToken);
                await StartFlowAsync(turn, state, FallbackIntent, text, recognition, cancellationToken);
                break;
        }
    }

    /// <summary>Handles a message while the user is inside a flow; false when the flow ended and the message is routed afresh.</summary>
    private async Task<bool> ContinueFrameAsync(TurnContext turn, DialogState state, FlowFrame frame, string text, RecognitionResult recognition, CancellationToken cancellationToken)
    {
        var flow = content.Find(frame.Flow);
        if (flow is null || flow.Hash != frame.Hash)
        {
            var policy = flow?.OnChange ?? FlowChangePolicy.Cancel;
            if (flow is null || policy == FlowChangePolicy.Cancel || (policy == FlowChangePolicy.Continue && flow.IndexOf(frame.Step) < 0))
            {
                state.Frame = null;
                Say(turn, "flow_changed_cancelled");
                return false;
            }

            frame.Hash = flow.Hash;
            if (policy == FlowChangePolicy.RestartFlow)
            {
                frame.Slots.Clear();
                frame.Resume = null;
                frame.Step = flow.Steps[0].Id;
                frame.Attempts = 0;
                Say(turn, "flow_changed_restarted");
                await RunStepsAsync(turn, state, flow, frame, recognition, cancellationToken);
                return true;
            }
        }

        if (flow.Steps[flow.IndexOf(frame.Step)] is not CollectStep collect)
        {
            state.Frame = null;
            return false;
        }

        var dialogTurn = new DialogTurn(turn, recognition, frame.Slots, services, state.Recent);
        var validator = content.Validator(collect.Validator);
        var result = text.Length == 0 ? SlotResult.Reject("not_understood") : validator.Validate(text, dialogTurn);
        var top = recognition.Intent;
        var global = services.Settings.GlobalIntents.Contains(top.Name) && recognition.Decision == RecognitionDecision.Accept;
        if (global && (!result.Ok || text.Length <= 12))
        {
            await HandleGlobalAsync(turn, state, flow, frame, collect, top.Name, recognition, cancellationToken);
            return true;
        }

        if (result.Ok)
        {
            frame.Slots[collect.Slot] = result.Value!;
            frame.Slots[collect.Slot + ":display"] = result.Display ?? result.Value!;
            frame.Attempts = 0;
            var resume = frame.Resume;
            frame.Resume = null;
            if ((resume ?? Next(flow, collect)) is { } next)
            {
                frame.Step = next;
                await RunStepsAsync(turn, state, flow, frame, recognition, cancellationToken);
            }
            else
            {
                state.Frame = null;
            }

            return true;
        }

        // A question about a term of the form ("承诺可开工是什么意思") or asking for a fact ("要交钱吗") is answered from the
        // knowledge base, then the pending question is put again, without costing an attempt.
        if (Knowledge is { } index && (recognition.Knowledge >= Recognizer.Settings.KnowledgeLikely || Recognizer.Settings.AsksForFact(recognition.Normalized))
            && !recognition.ByRule && ConditionAnswerer.IsQuestion(recognition.Normalized)
            && SideAnswer(index, flow, text) is { } entry)
        {
            Answer(turn, entry);
            Say(turn, "back_to_question");
            Say(turn, collect.Prompt, frame.Slots);
            return true;
        }

        frame.Attempts++;
        var max = collect.MaxAttempts > 0 ? collect.MaxAttempts : services.Settings.DefaultMaxAttempts;
        if (frame.Attempts >= max)
        {
            Say(turn, "attempts_exhausted");
            await content.Action("handoff").RunAsync(dialogTurn, cancellationToken);
            state.Frame = null;
            return true;
        }

        if (result.Problem is not null)
        {
            turn.Reply(Reply.Plain(result.Problem));
        }
        else
        {
            Say(turn, result.ProblemKey ?? "invalid_answer", frame.Slots);
        }

        Say(turn, collect.Retry ?? collect.Prompt, frame.Slots);
        return true;
    }

    private async Task HandleGlobalAsync(TurnContext turn, DialogState state, FlowDefinition flow, FlowFrame frame, CollectStep pending, string intent, RecognitionResult recognition, CancellationToken cancellationToken)
    {
        if (services.Settings.FormEnders.TryGetValue(intent, out var reply))
        {
            // The form ends: a declared reply says so (取消), or the intent's own flow runs (转人工).
            state.Frame = null;
            if (reply is not null)
            {
                Say(turn, reply);
            }
            else if (content.ForIntent(intent, turn.User.Role) is { } own)
            {
                await RunSideFlowAsync(turn, own, recognition, state.Recent, cancellationToken);
            }

            return;
        }

        // Answer the side question in a flow of its own, then put the pending question once more.
        if (content.ForIntent(intent, turn.User.Role) is { } side && side.Id != flow.Id)
        {
            await RunSideFlowAsync(turn, side, recognition, [], cancellationToken);
        }

        Say(turn, "back_to_question");
        Say(turn, pending.Prompt, frame.Slots);
    }

    /// <summary>Runs another flow without leaving the user's form; <paramref name="recent"/> is the excerpt a hand-off carries.</summary>
    private async Task RunSideFlowAsync(TurnContext turn, FlowDefinition side, RecognitionResult recognition, List<string> recent, CancellationToken cancellationToken)
    {
        var sideFrame = new FlowFrame { Flow = side.Id, Hash = side.Hash, Step = side.Steps[0].Id };
        var holder = new DialogState { Frame = sideFrame, Recent = recent };
        await RunStepsAsync(turn, holder, side, sideFrame, recognition, cancellationToken);
    }

    private async Task StartFlowAsync(TurnContext turn, DialogState state, string intent, string text, RecognitionResult recognition, CancellationToken cancellationToken)
    {
        var flow = content.ForIntent(intent, turn.User.Role) ?? content.ForIntent(FallbackIntent)!;
        if (services.Settings.StaffIntents.Contains(intent) && !turn.User.Role.IsStaff())
        {
            Say(turn, "staff_only");
            return;
        }

        if (flow.Roles is { } roles && !roles.Contains(turn.User.Role))
        {
            // A flow no contact may use is a supervisor's (改派, 督办, 满意度); any other the user may not use is a contact's.
            Say(turn, roles.Contains(UserRole.Contact) ? "not_for_your_role" : "supervisor_only");
            return;
        }

        var frame = new FlowFrame { Flow = flow.Id, Hash = flow.Hash, Step = flow.Steps[0].Id };
        var dialogTurn = new DialogTurn(turn, recognition, frame.Slots, services, state.Recent);
        foreach (var collect in flow.Steps.OfType<CollectStep>())
        {
            // Slots named like an entity are filled from the first message when that entity is in it and validates.
            if (recognition.Entity(collect.Slot) is not null && !frame.Slots.ContainsKey(collect.Slot)
                && content.Validator(collect.Validator).Validate(text, dialogTurn) is { Ok: true } filled)
            {
                frame.Slots[collect.Slot] = filled.Value!;
                frame.Slots[collect.Slot + ":display"] = filled.Display ?? filled.Value!;
            }
        }

        state.Frame = frame;
        await RunStepsAsync(turn, state, flow, frame, recognition, cancellationToken);
    }

    private async Task RunStepsAsync(TurnContext turn, DialogState state, FlowDefinition flow, FlowFrame frame, RecognitionResult recognition, CancellationToken cancellationToken)
    {
        var dialogTurn = new DialogTurn(turn, recognition, frame.Slots, services, state.Recent);
        for (var guard = 0; guard < MaxStepsPerTurn; guard++)
        {
            var step = flow.Steps[flow.IndexOf(frame.Step)];
            string? next;
            switch (step)
            {
                case CollectStep collect when !frame.Slots.ContainsKey(collect.Slot):
                    Say(turn, collect.Prompt, frame.Slots);
                    frame.Attempts = 0;
                    return;
                case SayStep say:
                    Say(turn, say.Template, frame.Slots);
                    next = Next(flow, step);
                    break;
                case ActionStep action:
                    var result = await content.Action(action.Action).RunAsync(dialogTurn, cancellationToken);
                    if (result.End || state.Frame != frame)
                    {
                        if (state.Frame == frame)
                        {
                            state.Frame = null;
                        }

                        return;
                    }

                    next = result.Goto ?? Next(flow, step);
                    break;
                case BranchStep branch:
                    next = branch.Cases.FirstOrDefault(c => frame.Slots.TryGetValue(c.Slot, out var v) && (c.EqualsValue is null || c.EqualsValue == v))?.Goto
                        ?? branch.Else ?? Next(flow, step);
                    break;
                case ReaskStep reask:
                    next = reask.Goto;
                    var field = frame.Slots.GetValueOrDefault(reask.From);
                    foreach (var slot in reask.Clear.Append(reask.From))
                    {
                        frame.Slots.Remove(slot);
                        frame.Slots.Remove(slot + ":display");
                    }

                    if (field is not null && flow.Steps.OfType<CollectStep>().FirstOrDefault(c => c.Slot == field) is { } again)
                    {
                        frame.Slots.Remove(field);
                        frame.Slots.Remove(field + ":display");
                        frame.Resume = reask.Goto;
                        next = again.Id;
                    }

                    break;
                case EndStep:
                    state.Frame = null;
                    return;
                default:
                    next = Next(flow, step);
                    break;
            }

            if (next is null)
            {
                state.Frame = null;
                return;
            }

            frame.Step = next;
        }

        throw new InvalidOperationException($"Flow '{flow.Id}' ran {MaxStepsPerTurn} steps without waiting for the user; it loops.");
    }

    private async Task ReaskAsync(TurnContext turn, DialogState state, CancellationToken cancellationToken)
    {
        if (state.Frame is { } frame && content.Find(frame.Flow) is { } flow && flow.Hash == frame.Hash
            && flow.IndexOf(frame.Step) is >= 0 and var index && flow.Steps[index] is CollectStep collect)
        {
            Say(turn, "back_to_question");
            Say(turn, collect.Prompt, frame.Slots);
        }

        await Task.CompletedTask;
    }

    private void Clarify(TurnContext turn, DialogState state, List<string> options, string text, RecognitionResult recognition)
    {
        state.Clarify = options;
        state.ClarifyText = text;
        var topic = recognition.Entities.FirstOrDefault(e => e.Entity is "item" or "stage");
        var values = new Dictionary<string, string>
        {
            ["first"] = Label(options[0]),
            ["second"] = Label(options[1]),
            ["topic"] = topic?.Name ?? topic?.Value ?? text,
        };
        Say(turn, topic is null ? "clarify" : "clarify_topic", values);
    }

    private string Label(string intent) =>
        services.Replies.Contains("intent." + intent) ? services.Replies.Get("intent." + intent) : intent;

    private string? PickOption(string text, List<string> options, RecognitionResult recognition)
    {
        var t = text.Trim().TrimEnd('。', '.', '!', '！');
        return services.Settings.Ordinal(t) is { } position ? options[position]
            : options.Contains(recognition.Intent.Name) ? recognition.Intent.Name : null;
    }

    private static string? Next(FlowDefinition flow, FlowStep step)
    {
        if (step.Goto is not null)
        {
            return step.Goto;
        }

        var index = flow.IndexOf(step.Id) + 1;
        return index < flow.Steps.Count ? flow.Steps[index].Id : null;
    }

    /// <summary>
    /// "Do I need X": a new question, or the answer to the one fact asked for. Answers yes or no with the rule and its
    /// source; asks once for a fact the rules need; then says honestly that it depends, and on what. False when the
    /// message is neither (the pending question is then dropped and the message routed as usual).
    /// </summary>
    private Task<bool> AnswerConditionAsync(TurnContext turn, DialogState state, string text, RecognitionResult recognition, double knowledgeScore)
    {
        var pending = state.Condition is { } id ? conditions!.Find(id) : null;
        var asked = pending is not null;
        var values = state.ConditionValues ?? new Dictionary<string, string>(StringComparer.Ordinal);
        state.Condition = null;
        state.ConditionValues = null;

        var condition = conditions!.Match(text, recognition, knowledgeScore);
        if (condition is null && pending is not null)
        {
            var given = ConditionAnswerer.Read(pending, text);
            if (given.Count == 0 && ConditionAnswerer.AsksSomethingElse(text))
            {
                return Task.FromResult(false);
            }

            condition = pending;
            foreach (var (name, value) in given)
            {
                values[name] = value;
            }
        }
        else if (condition is not null)
        {
            asked = false;
            values = ConditionAnswerer.Read(condition, text);
        }
        else
        {
            return Task.FromResult(false);
        }

        var (decided, missing) = ConditionAnswerer.Evaluate(condition, values);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["item"] = services.Catalog.FindItem(condition.Item)?.Name ?? condition.Item,
            ["source"] = condition.Source,
        };
        if (decided is not null)
        {
            facts["text"] = decided.Text;
            var key = decided.Answer switch { "needed" => "condition_needed", "not_needed" => "condition_not_needed", _ => "condition_depends" };
            turn.Reply(Reply.Markdown(services.Render(condition.Certainty == Certainty.Unverified ? key + "_unverified" : key, facts, turn.Conversation.Version)));
        }
        else if (missing is not null && !asked && Recognizer.Settings.AsksForThreshold(recognition.Normalized))
        {
            // "什么规模可以不做水保": the rules are the answer.
            facts["text"] = RulesText(condition);
            turn.Reply(Reply.Markdown(services.Render(condition.Certainty == Certainty.Unverified ? "condition_rules_unverified" : "condition_rules", facts, turn.Conversation.Version)));
        }
        else if (missing is not null && !asked)
        {
            // Ask once, keeping what was given; the answer comes back here.
            state.Condition = condition.Id;
            state.ConditionValues = values;
            facts["ask"] = missing.Ask;
            turn.Reply(Reply.Plain(services.Render("condition_ask", facts, turn.Conversation.Version)));
        }
        else
        {
            facts["text"] = RulesText(condition);
            turn.Reply(Reply.Markdown(services.Render("condition_it_depends", facts, turn.Conversation.Version)));
        }

        return Task.FromResult(true);
    }

    /// <summary>
    /// The entry that answers a question asked inside <paramref name="flow"/>: read about the flow's subject ("要交钱吗"
    /// while applying asks about the service) when an entry fits that reading closely, otherwise as it was typed, if an
    /// entry fits it closely (knowledge_weak): a loose match would answer a question about the form with a stray fact.
    /// </summary>
    private KnowledgeEntry? SideAnswer(KnowledgeIndex index, FlowDefinition flow, string text)
    {
        var settings = Recognizer.Settings;
        if (flow.About is { } about && index.Search(about + text, 1) is [var (onSubject, close)] && close >= settings.KnowledgeWeak)
        {
            return onSubject;
        }

        return index.Search(text, 1) is [var (entry, score)] && score >= settings.KnowledgeWeak ? entry : null;
    }

    /// <summary>A condition's rules as a markdown list, each text once.</summary>
    private static string RulesText(ItemCondition condition) => string.Join("\n", condition.Rules.Select(r => "- " + r.Text).Distinct());

    /// <summary>Keeps a message the bot could not answer with confidence for the supervisors (the 未解决问题 list), its long numbers masked.</summary>
    private static Task RecordMissAsync(TurnContext turn, string text, string outcome, RecognitionResult recognition, CancellationToken cancellationToken)
    {
        var kept = MissedQuestionText.Mask(text.Length > 500 ? text[..500] : text);
        return turn.Work.MissedQuestions.AppendAsync(
            new MissedQuestion(0, turn.User.Id, turn.User.Role.ToStorage(), kept, outcome, recognition.Intent.Name, recognition.Intent.Confidence, turn.Now),
            cancellationToken);
    }

    /// <summary>How long the last item or stage named carries over to a follow-up that names none.</summary>
    private static readonly TimeSpan TopicLifetime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Follow-ups without a topic ("那要多久", "找谁", "材料呢") take the item or stage last named, if recent. When it had to
    /// search the knowledge base for <paramref name="text"/> to tell, the hits come back for the turn to use.
    /// </summary>
    private (RecognitionResult Recognition, bool FollowUp, IReadOnlyList<(KnowledgeEntry Entry, double Score)>? Searched) WithTopic(
        TurnContext turn, DialogState state, string text, RecognitionResult recognition)
    {
        if (recognition.Entities.FirstOrDefault(e => e.Entity is "item" or "stage") is { } named)
        {
            state.Topic = $"{named.Entity}:{named.Value}:{named.Name}";
            state.TopicAt = turn.Now;
            return (recognition, false, null);
        }

        if (recognition.ByRule || text.Length > FollowUpLength || state.Topic?.Split(':', 3) is not [var entity, var value, var name]
            || state.TopicAt is not { } at || turn.Now - at > TopicLifetime)
        {
            return (recognition, false, null);
        }

        if (recognition.Knowledge >= Recognizer.Settings.KnowledgeLikely && Knowledge is { } index
            && index.Search(text) is [var (own, score), ..] hits && score >= Recognizer.Settings.KnowledgeWeak
            && !KnowledgeRouter.Tied(hits) && !(entity == "item" ? own.Items : own.Stages).Contains(value))
        {
            // "稳评是什么", "窗口周六上班吗" after 施工许可证: a factual question that an entry about something else answers
            // on its own words is a question of its own, not one about the last topic. A bare aspect ("找谁办", "材料呢")
            // is no factual question, and "要交钱吗" fits the fees of every item alike: they lean on the topic.
            return (recognition, false, hits);
        }

        return (recognition with { Entities = [.. recognition.Entities, new RecognizedEntity(entity, value, name, 0, 0)] }, true, null);
    }

    /// <summary>A message this short that names no topic leans on the last one.</summary>
    private const int FollowUpLength = 12;

    /// <summary>A knowledge entry's answer with its source; a local detail not verified says so and offers the assistant.</summary>
    private void Answer(TurnContext turn, KnowledgeEntry entry)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["answer"] = entry.Answer.Trim(), ["source"] = entry.Source };
        var key = entry.Certainty == Certainty.Unverified ? "knowledge_unverified" : "knowledge_answer";
        turn.Reply(Reply.Markdown(services.Render(key, values, turn.Conversation.Version)));
    }

    private void Say(TurnContext turn, string key, IReadOnlyDictionary<string, string>? values = null) =>
        turn.Reply(Reply.Plain(services.Render(key, values ?? new Dictionary<string, string>(), turn.Conversation.Version)));
}
