using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Tests.Recognition;

/// <summary>
/// Where a question goes between the user's own case, a task, an intent's card and the knowledge base, with the shipped
/// settings of bot.yaml: a rule question is not a case question, a task stays a task, a question for a figure is not answered
/// from a stray entry.
/// </summary>
public sealed class QuestionRoutingTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private RecognitionSettings Settings => fixture.Recognizer.Settings;

    [Theory]
    [InlineData("有一份证明还在盖章 能不能先容缺受理")]
    [InlineData("材料还在准备 一般你们怎么帮企业协调部门")]
    public void A_question_about_a_rule_is_not_taken_for_one_about_the_users_case(string text)
    {
        var recognition = fixture.Recognizer.Recognize(text);

        var routed = CaseQuestions.Route(recognition, hasCase: true, Settings);

        Assert.Null(routed.CaseAspect);
        Assert.Same(recognition, routed);
    }

    [Fact]
    public void A_question_about_a_rule_stays_one_even_when_the_recognizer_took_it_for_progress()
    {
        // Tells of the case (没拿到) but asks whether something may be done first: the rule, not the case, answers it.
        var sure = Result("用地证没拿到 能先进场平整场地吗", RecognitionDecision.Accept, IntentNames.ProgressQuery, IntentNames.HowToProceed);
        var plain = Result("用地证没拿到 场地平整到哪了", RecognitionDecision.Accept, IntentNames.ProgressQuery, IntentNames.HowToProceed);

        Assert.Same(sure, CaseQuestions.Route(sure, hasCase: true, Settings));
        Assert.Equal("remaining", CaseQuestions.Route(plain, hasCase: true, Settings).CaseAspect);
    }

    [Fact]
    public void A_question_about_the_users_case_still_goes_to_progress()
    {
        var recognition = fixture.Recognizer.Recognize("我们的施工证现在卡在哪个部门");

        var routed = CaseQuestions.Route(recognition, hasCase: true, Settings);

        Assert.Equal(IntentNames.ProgressQuery, routed.Intent.Name);
        Assert.Equal("department", routed.CaseAspect);
    }

    [Fact]
    public void A_task_the_recognizer_leans_towards_is_not_turned_into_a_case_question()
    {
        var unsure = Result("下一步的服务记录先记一下", RecognitionDecision.Clarify, IntentNames.LogService, IntentNames.ProgressQuery);

        var routed = CaseQuestions.Route(unsure, hasCase: true, Settings);

        Assert.Equal(IntentNames.LogService, routed.Intent.Name);
        Assert.Equal(RecognitionDecision.Clarify, routed.Decision);
    }

    [Fact]
    public void An_unsure_question_asking_for_a_figure_takes_only_an_entry_as_close_as_any_unsure_question_needs()
    {
        var entry = new KnowledgeEntry("fee_example", "人防易地建设费怎么收", [], "答案", [], [], "来源", Certainty.Verified, "test.yaml", 1);
        var unsure = Result("人才补贴硕士能领多少钱", RecognitionDecision.Clarify, IntentNames.HowToProceed, IntentNames.WhomToContact);

        // The word asking for a figure (多少钱) is no reason to answer with an entry the question is far from.
        Assert.Null(KnowledgeRouter.Decide(unsure, [(entry, (Settings.KnowledgeFloor + Settings.KnowledgeWeak) / 2)], Settings));
        Assert.Same(entry, KnowledgeRouter.Decide(unsure, [(entry, Settings.KnowledgeWeak)], Settings));
    }

    [Fact]
    public void A_question_that_entries_on_different_items_fit_equally_is_left_to_the_intent_which_asks_for_the_item()
    {
        var eia = new KnowledgeEntry("time_eia_example", "环评要多久", [], "答案", ["LX07"], [], "来源", Certainty.Verified, "test.yaml", 1);
        var fire = new KnowledgeEntry("time_fire_example", "消防审查要多久", [], "答案", ["SG02"], [], "来源", Certainty.Verified, "test.yaml", 1);
        var bare = Result("要多久", RecognitionDecision.Accept, IntentNames.HowToProceed, IntentNames.OutOfScope);

        Assert.Null(KnowledgeRouter.Decide(bare, [(eia, 0.95), (fire, 0.95)], Settings));
        Assert.Same(eia, KnowledgeRouter.Decide(bare, [(eia, 0.95), (fire, 0.6)], Settings));
    }

    [Fact]
    public void A_follow_up_asking_for_a_figure_is_answered_by_an_entry_about_the_last_topic()
    {
        var entry = new KnowledgeEntry("time_example", "施工许可证要多久", [], "答案", [], [], "来源", Certainty.Verified, "test.yaml", 1);
        var unsure = Result("那要多久", RecognitionDecision.Clarify, IntentNames.HowToProceed, IntentNames.WhomToContact);
        var score = (Settings.KnowledgeFloor + Settings.KnowledgeWeak) / 2;

        Assert.Same(entry, KnowledgeRouter.Decide(unsure, [(entry, score)], Settings, followUp: true));
        Assert.Null(KnowledgeRouter.Decide(unsure, [(entry, score)], Settings, followUp: false));

        // One that no intent is near is no question about the topic, whatever it asks for.
        var astray = Result("人才补贴硕士能领多少钱", RecognitionDecision.Fallback, IntentNames.OutOfScope, IntentNames.HowToProceed);
        Assert.Null(KnowledgeRouter.Decide(astray, [(entry, score)], Settings, followUp: true));
    }

    [Fact]
    public void A_progress_question_from_someone_with_no_case_is_answered_by_a_close_entry()
    {
        var entry = new KnowledgeEntry("permit_extension_example", "施工许可证能延期几次", [], "答案", [], [], "来源", Certainty.Verified, "test.yaml", 1);
        IntentScore[] ranking = [new(IntentNames.ProgressQuery, 0.8)];
        var sure = new RecognitionResult("施工证到期了没开工能延期几次", ranking[0], [], ranking, RecognitionDecision.Accept, [], ByRule: false) { Knowledge = 0.1 };
        var hits = new List<(KnowledgeEntry, double)> { (entry, Settings.KnowledgeWeak) };

        Assert.True(KnowledgeRouter.Searches(sure, sure.Text, Settings, hasCase: false));
        Assert.False(KnowledgeRouter.Searches(sure, sure.Text, Settings, hasCase: true));
        Assert.Equal(new QuestionRoute.Entry(entry), KnowledgeRouter.Route(sure, hits, Settings, hasCase: false, followUp: false));
        Assert.Equal(new QuestionRoute.Intent(IntentNames.ProgressQuery, Accepted: true), KnowledgeRouter.Route(sure, hits, Settings, hasCase: true, followUp: false));
    }

    private RecognitionResult Result(string text, RecognitionDecision decision, string first, string second)
    {
        IntentScore[] ranking = [new(first, 0.3), new(second, 0.25)];
        return new RecognitionResult(text, ranking[0], [], ranking, decision, ranking, ByRule: false)
        {
            Normalized = fixture.Content.Normalizer.Normalize(text).Text,
            Knowledge = 0.1,
        };
    }
}
