using HelpAgency.Core.Knowledge;
using HelpAgency.Tests.Recognition;

namespace HelpAgency.Tests.Knowledge;

/// <summary>Retrieval over the knowledge entries: BM25 ranking, and the aspect a question asks for among entries of one item.</summary>
public sealed class KnowledgeIndexTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private static KnowledgeEntry Entry(string id, string question, string[] paraphrases, params string[] aspects) =>
        new(id, question, paraphrases, "答案", ["LX07"], [], "来源", Certainty.General, "test.yaml", 1) { Aspects = aspects };

    private KnowledgeIndex Index() => new(
        new KnowledgeBase(
        [
            Entry("eia_fee", "环评报告表审批要交钱吗", ["环评报告表审批要交审批费吗"], "fee"),
            Entry("eia_time", "环评批复时限", ["环评报告表审批要等几天"], "time_limit"),
            Entry("eia_kinds", "环评分哪几类", ["环评报告书和报告表有什么区别"]),
        ]),
        fixture.Recognizer.Gazetteer,
        fixture.Recognizer.Settings);

    [Fact]
    public void A_question_for_a_time_limit_gets_the_entry_that_gives_one_over_a_closer_fee_entry()
    {
        var hits = Index().Search("环评报告表审批要多久");

        Assert.Equal("eia_time", hits[0].Entry.Id);
    }

    [Fact]
    public void A_question_for_a_fee_keeps_the_fee_entry()
    {
        var hits = Index().Search("环评报告表审批要交钱吗 收费多少");

        Assert.Equal("eia_fee", hits[0].Entry.Id);
    }

    [Fact]
    public void Scores_run_from_zero_to_one_and_an_exact_phrasing_scores_highest()
    {
        var hits = Index().Search("环评分哪几类");

        Assert.Equal("eia_kinds", hits[0].Entry.Id);
        Assert.InRange(hits[0].Score, 0.9, 1.0);
        Assert.All(hits.Skip(1), h => Assert.True(h.Score < hits[0].Score));
    }
}
