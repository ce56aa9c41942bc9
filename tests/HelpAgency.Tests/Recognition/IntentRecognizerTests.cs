using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Recognition;

public sealed class IntentRecognizerTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    [Theory]
    [InlineData("取消", IntentNames.Cancel)]
    [InlineData("转人工", IntentNames.Handoff)]
    [InlineData("我要找人工客服", IntentNames.Handoff)]
    [InlineData("您好", IntentNames.Greet)]
    [InlineData("我的待办", IntentNames.MyTasks)]
    public void Rules_decide_global_commands_outright(string text, string intent)
    {
        var result = fixture.Recognizer.Recognize(text);

        Assert.Equal((intent, 1.0, RecognitionDecision.Accept, true), (result.Intent.Name, result.Intent.Confidence, result.Decision, result.ByRule));
    }

    [Fact]
    public void A_clear_question_is_accepted_with_a_ranking_sorted_by_confidence()
    {
        var result = fixture.Recognizer.Recognize("环评要准备哪些材料");

        Assert.Equal((IntentNames.HowToProceed, RecognitionDecision.Accept), (result.Intent.Name, result.Decision));
        Assert.Equal(result.Intent, result.Ranking[0]);
        Assert.True(result.Ranking.Count <= IntentRecognizer.RankingSize);
        Assert.Equal(result.Ranking.OrderByDescending(r => r.Confidence), result.Ranking);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void An_intent_closed_to_the_users_role_is_never_a_reading_of_their_message()
    {
        // A contact asking for their assistant, which the classifier half takes for a supervisor's reassignment.
        const string Text = "转接一下帮办专员";
        var flows = FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder));
        var supervisor = fixture.Recognizer.Recognize(Text, new RecognitionContext([], DialogContent.ClosedIntents(flows, UserRole.Supervisor)));
        var contact = fixture.Recognizer.Recognize(Text, new RecognitionContext([], DialogContent.ClosedIntents(flows, UserRole.Contact)));

        Assert.Contains(IntentNames.ReassignCase, supervisor.Candidates.Select(c => c.Name));
        Assert.DoesNotContain(contact.Ranking.Concat(contact.Candidates), c => IntentNames.Staff.Contains(c.Name));
    }

    [Fact]
    public void The_flows_close_staff_commands_to_contacts_and_the_contacts_forms_to_staff()
    {
        var flows = FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder));

        var contact = DialogContent.ClosedIntents(flows, UserRole.Contact);
        var assistant = DialogContent.ClosedIntents(flows, UserRole.Assistant);
        var supervisor = DialogContent.ClosedIntents(flows, UserRole.Supervisor);

        Assert.All(IntentNames.Staff, staff => Assert.Contains(staff, contact));
        Assert.DoesNotContain(IntentNames.ApplyService, contact);
        Assert.DoesNotContain(IntentNames.ProgressQuery, contact);
        Assert.Contains(IntentNames.ApplyService, assistant);
        Assert.Contains(IntentNames.ReassignCase, assistant);
        Assert.DoesNotContain(IntentNames.UpdateProgress, assistant);
        Assert.DoesNotContain(IntentNames.ReassignCase, supervisor);
        Assert.DoesNotContain(IntentNames.ProgressQuery, assistant.Concat(supervisor));

        // A contact plainly typing a staff command hears it is for staff; staff asking another role's command meant their own.
        Assert.Equal(IntentNames.Staff.Order(), DialogContent.RefusedIntents(flows, UserRole.Contact).Order());
        Assert.Empty(DialogContent.RefusedIntents(flows, UserRole.Assistant));
        Assert.Empty(DialogContent.RefusedIntents(flows, UserRole.Supervisor));
    }

    [Fact]
    public void Every_training_example_said_word_for_word_is_read_as_its_intent()
    {
        var examples = IntentRecognizer.TrainingExamples(fixture.Content)
            .Select(e => (Text: fixture.Content.Normalizer.Normalize(e.Text).Text, e.Intent))
            .GroupBy(e => e.Text, StringComparer.Ordinal)
            .Where(g => g.Select(e => e.Intent).Distinct().Count() == 1 && g.First().Intent != IntentNames.Knowledge)
            .Select(g => g.First())
            .ToList();

        var misread = examples.Where(e => fixture.Recognizer.Recognize(e.Text).Intent.Name != e.Intent).ToList();

        Assert.True(examples.Count > 1500);
        Assert.Empty(misread);
        Assert.Equal((IntentNames.UpdateProgress, RecognitionDecision.Accept), (fixture.Recognizer.Recognize("更新进度").Intent.Name, fixture.Recognizer.Recognize("更新进度").Decision));
        Assert.Equal(RecognitionDecision.Fallback, fixture.Recognizer.Recognize("给这个菜打分").Decision);
    }

    [Fact]
    public void A_bare_topic_gets_a_clarifying_question_between_how_and_progress()
    {
        var result = fixture.Recognizer.Recognize("竣工验收");

        Assert.Equal(RecognitionDecision.Clarify, result.Decision);
        Assert.Equal([IntentNames.HowToProceed, IntentNames.ProgressQuery], result.Candidates.Select(c => c.Name));
        Assert.Equal("completion", result.Entity("stage")?.Value);
    }

    [Theory]
    [InlineData("asdfghjkl")]
    [InlineData("今天股市怎么样")]
    [InlineData("👍👍")]
    public void Nonsense_and_unrelated_text_fall_back_to_out_of_scope(string text)
    {
        var result = fixture.Recognizer.Recognize(text);

        Assert.Equal((IntentNames.OutOfScope, RecognitionDecision.Fallback), (result.Intent.Name, result.Decision));
        Assert.Equal(IntentNames.OutOfScope, result.Ranking[0].Name);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var again = new IntentRecognizer(fixture.Content, TimeProvider.System);

        foreach (var text in new[] { "智造园进度", "材料帮我看看", "想约个时间", "服务很差" })
        {
            Assert.Equal(fixture.Recognizer.Recognize(text).Ranking, again.Recognize(text).Ranking);
        }
    }
}
