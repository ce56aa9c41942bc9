using System.Globalization;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Tests.Recognition;

/// <summary>
/// The realistic held-out questions of HeldOut/heldout.yaml, written apart from the training content the way
/// enterprises ask (colloquial, abbreviations, numbers): what the recognizer and the knowledge base make of them,
/// per intent, with a confusion table. A question counts as right when the routing the bot would take matches its label.
/// </summary>
public sealed class RealisticQuestionsTests(RecognizerFixture fixture, ITestOutputHelper output) : IClassFixture<RecognizerFixture>
{
    /// <summary>
    /// The target, 90% of intents and of items (thresholds chosen on Tuning/tuning.yaml, not here), is the floor: the suite
    /// fails under it. The history of the figure is below; what is left is mostly where the labels themselves split
    /// (a factual question against "do I need it", 办什么 against a stage's entry).
    /// </summary>
    // BM25 ranking (issue 19) moved the held-out intents from 80.8% to 80.2% (409/510) while it raised the answer check
    // from 59 to 62 of 82 and the tuning set's first-ranked entries from 80 to 84 of 105, its intents unchanged.
    // More colloquial examples for 办什么, 找谁办 and 查进度 raised them to 82.5%; the supervisor's 满意度 and 投诉列表 intents
    // joined with the thresholds re-swept on the tuning set. Colloquial examples for the short task intents (greet,
    // cancel, evaluate, terminate_service, my_tasks, the supervisor's commands), knowledge_certain and the aspect cues of
    // bot.yaml raised it to 85.1% (434/510) on 2026-12-05, and it moves by a point either way as the classifier is retrained
    // on new content (84.5% after two paraphrases of permit_void); this set's misses had been read by then, so the fresh
    // set below is the honest figure. Shared words resolved by their cues (lexicon.yaml cued), procedure_cues, facts read
    // from words (conditions.yaml yes/no), more case-aspect words and more names (选址, 用地证, 人行道) took it to 86.1% and
    // the items to 93.4% on 2026-12-06.
    // A blind relabelling of this set by the written guide agreed with 93.7% of its labels (478/510; the fresh set 96.9%),
    // so a 90% target is within what labellers agree on. Three rounds of colloquial training phrasings (1,176 knowledge
    // paraphrases, 602 intent examples), written by people who had not read any evaluation set, with the routing thresholds
    // re-swept on the tuning set, took it to 89.0–89.2% on 2026-12-06 (fresh 90.6%, third 93.5–94.5%; the range is the
    // retraining's jitter as six out-of-scope lines were added). With the classifier's learning rate annealed to zero
    // and its L2 halved to 5e-5 (chosen on the tuning set, which went from 91.3% to 93.8%), and the routing thresholds
    // re-swept there, it reached 90.0% (459/510) on 2026-12-06, and 90.2% (460) once a question with a rule cue (能先)
    // stayed a rule question even when the classifier took it for 查进度: the 90% is now the floor.
    private const double IntentFloor = 0.90;
    private const double ItemFloor = 0.93;

    [Fact]
    public void No_realistic_question_is_in_the_training_content()
    {
        var normalizer = fixture.Content.Normalizer;
        var training = fixture.Content.Intents.Intents.SelectMany(i => i.Examples.Concat(i.NegativeExamples))
            .Concat(fixture.Content.Knowledge.Entries.SelectMany(e => e.Phrasings))
            .Select(t => normalizer.Normalize(t).Text)
            .ToHashSet(StringComparer.Ordinal);

        var copied = Questions().Concat(Fresh()).Concat(Third()).Concat(Fourth()).Where(q => training.Contains(normalizer.Normalize(q.Text).Text)).Select(q => q.Text).ToList();

        Assert.True(Questions().Count >= 400);
        Assert.True(copied.Count == 0, "held-out questions found in the training content:\n" + string.Join('\n', copied));
    }

    [Fact]
    public void Intent_and_item_accuracy_stay_above_their_floor_with_a_confusion_table()
    {
        var report = new RoutingEvaluation(fixture).Evaluate(Questions());

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        Assert.True(report.IntentAccuracy >= IntentFloor, $"intent accuracy {report.IntentAccuracy:P1} fell under {IntentFloor:P0}");
        Assert.True(report.ItemAccuracy >= ItemFloor, $"item accuracy {report.ItemAccuracy:P1} fell under {ItemFloor:P0}");
    }

    /// <summary>
    /// The second held-out set (HeldOut/fresh.yaml), written on 2026-12-05 by someone who had read neither the training
    /// content nor the first set's misses, after the routing was tuned: the honest figure for what the bot makes of new
    /// wording, since the first set's misses have been read while the content grew.
    /// </summary>
    [Fact]
    public void The_fresh_held_out_set_stays_above_its_floor()
    {
        var report = new RoutingEvaluation(fixture).Evaluate(Fresh());

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        Assert.True(Fresh().Count >= 150);
        Assert.True(report.IntentAccuracy >= FreshIntentFloor, $"intent accuracy {report.IntentAccuracy:P1} fell under {FreshIntentFloor:P0}");
        Assert.True(report.ItemAccuracy >= FreshItemFloor, $"item accuracy {report.ItemAccuracy:P1} fell under {FreshItemFloor:P0}");
    }

    /// <summary>
    /// The third held-out set (HeldOut/third.yaml, 200 questions), written on 2026-12-06 by someone who had read neither
    /// the training content nor the other sets, labelled by the written guide the blind relabelling of the first two sets
    /// used; first measured at the commit that added it, before any of its misses were read.
    /// </summary>
    [Fact]
    public void The_third_held_out_set_stays_above_its_floor()
    {
        var report = new RoutingEvaluation(fixture).Evaluate(Third());

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        Assert.True(Third().Count >= 200);
        Assert.True(report.IntentAccuracy >= ThirdIntentFloor, $"intent accuracy {report.IntentAccuracy:P1} fell under {ThirdIntentFloor:P0}");
        Assert.True(report.ItemAccuracy >= ThirdItemFloor, $"item accuracy {report.ItemAccuracy:P1} fell under {ThirdItemFloor:P0}");
    }

    /// <summary>
    /// The fourth held-out set (HeldOut/fourth.yaml, 197 questions), written on 2026-12-06 by someone who saw only the
    /// labelling guide, the intents with four sample phrasings each, the knowledge entries' ids and questions and the
    /// catalog's codes and names; first measured at the commit that added it, its misses not read before.
    /// </summary>
    [Fact]
    public void The_fourth_held_out_set_stays_above_its_floor()
    {
        var report = new RoutingEvaluation(fixture).Evaluate(Fourth());

        foreach (var line in report.Lines())
        {
            output.WriteLine(line);
        }

        Assert.True(Fourth().Count >= 195);
        Assert.True(report.IntentAccuracy >= FourthIntentFloor, $"intent accuracy {report.IntentAccuracy:P1} fell under {FourthIntentFloor:P0}");
        Assert.True(report.ItemAccuracy >= FourthItemFloor, $"item accuracy {report.ItemAccuracy:P1} fell under {FourthItemFloor:P0}");
    }

    // 92.4% of intents (182/197) and 97.8% of items (87/89) on 2026-12-06 at its first run (at `ac310ec`, before the
    // annealed classifier, it would have been 184 of the 200 written; three lines that repeated training lines word for
    // word were then dropped: 在吗, 人工客服 and one knowledge phrasing). 92.9% once a word asking for a figure no longer
    // let an unsure question take a distant entry (人才补贴硕士能领多少钱, a miss of this set, answered with the 人防 fee).
    private const double FourthIntentFloor = 0.915;
    private const double FourthItemFloor = 0.96;

    // 89.0% of intents (178/200) and 95.8% of items (92/96) on 2026-12-06, the first run after the set was written (the
    // items were 93.8% without the shared words of lexicon.yaml's cued, added the same day before the set was read).
    // 91.0% (182/200) after the routing changes of the same day, made with this set's misses read; 93.5–94.5% after the
    // blind training phrasings; 93.5% with the annealed classifier; 94.0% once a word asking for a figure no longer let
    // an unsure question take a distant entry.
    private const double ThirdIntentFloor = 0.93;
    private const double ThirdItemFloor = 0.95;

    // 85.6% of intents (137/160) and 98.7% of items (74/75) on 2026-12-05, the first run after the set was written;
    // 87.5% and 100% on 2026-12-06 (its misses read since); 90.6% after the blind training phrasings; 90.0% with the
    // annealed classifier and its thresholds; 90.6% once a word asking for a figure no longer let an unsure question take
    // a distant entry.
    private const double FreshIntentFloor = 0.90;
    private const double FreshItemFloor = 0.99;

    private static IReadOnlyList<LabelledQuestion> Questions() => RoutingEvaluation.Load("HeldOut", "heldout.yaml");

    private static IReadOnlyList<LabelledQuestion> Fresh() => RoutingEvaluation.Load("HeldOut", "fresh.yaml");

    private static IReadOnlyList<LabelledQuestion> Third() => RoutingEvaluation.Load("HeldOut", "third.yaml");

    private static IReadOnlyList<LabelledQuestion> Fourth() => RoutingEvaluation.Load("HeldOut", "fourth.yaml");
}
