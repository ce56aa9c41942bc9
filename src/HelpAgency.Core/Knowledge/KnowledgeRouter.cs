using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Decides when the knowledge base answers instead of an intent: a question with one factual answer ("施工证能延期几次")
/// is better served by its entry than by a generic item card. A rule's intent (取消, 转人工) and a task (申请, 预约, 查进度,
/// staff commands) always win; the question intents (办什么, 找谁办, 如何办) and out of scope give way to a close entry,
/// except 办什么 for a project type the message names ("政府投资项目要办哪些审批"): that type's item list is the catalog's.
/// </summary>
public static class KnowledgeRouter
{
    private static readonly HashSet<string> Questions = new(StringComparer.Ordinal)
    {
        IntentNames.WhatToHandle, IntentNames.WhomToContact, IntentNames.HowToProceed, IntentNames.OutOfScope,
    };

    /// <summary>The intents whose answer is an item's card (its department and window, its materials and steps).</summary>
    private static readonly HashSet<string> ItemCards = new(StringComparer.Ordinal) { IntentNames.WhomToContact, IntentNames.HowToProceed };

    /// <summary>An entry about one or two items is about each of them; one listing a whole stage's items is about the stage.</summary>
    private static bool IsAbout(KnowledgeEntry entry, string item) => entry.Items.Count <= 2 && entry.Items.Contains(item);

    /// <summary>
    /// False when no knowledge entry could take the message whatever its score (a rule, or a task intent the recognizer
    /// was sure of, unless it is 查进度 from someone with no case to show), so the search need not run: most turns of a form
    /// or a task cost nothing more.
    /// </summary>
    public static bool MayAnswer(RecognitionResult recognition, RecognitionSettings settings, bool hasCase) =>
        !recognition.ByRule && (recognition.Knowledge >= settings.KnowledgeLikely || recognition.Decision != RecognitionDecision.Accept
            || Questions.Contains(recognition.Intent.Name) || (!hasCase && recognition.Intent.Name == IntentNames.ProgressQuery));

    /// <summary>
    /// Whether the knowledge base is searched for <paramref name="text"/> at all: when an entry could take it
    /// (<see cref="MayAnswer"/>) or it asks whether something is needed (the conditions compare against the search).
    /// </summary>
    public static bool Searches(RecognitionResult recognition, string text, RecognitionSettings settings, bool hasCase) =>
        MayAnswer(recognition, settings, hasCase) || ConditionAnswerer.AsksWhether(text);

    /// <summary>
    /// Where a message goes when no condition took it: the entry <see cref="Decide"/> picks; the intent the recognizer
    /// accepted; the one it leans to without needing the question (<see cref="CaseQuestions.WithoutProgress"/>,
    /// <see cref="CardAsked"/>); a clarifying question between its two candidates; otherwise out of scope.
    /// <paramref name="hasCase"/>: the user can see a project; <paramref name="followUp"/>: the message leans on the last topic.
    /// </summary>
    public static QuestionRoute Route(RecognitionResult recognition, IReadOnlyList<(KnowledgeEntry Entry, double Score)> hits, RecognitionSettings settings, bool hasCase, bool followUp)
    {
        if (Decide(recognition, hits, settings, followUp) is { } entry)
        {
            return new QuestionRoute.Entry(entry);
        }

        if (!hasCase && recognition.Decision == RecognitionDecision.Accept && recognition.Intent.Name == IntentNames.ProgressQuery
            && hits.Count > 0 && hits[0].Score >= settings.KnowledgeWeak)
        {
            // "施工证到期了没开工能延期几次" from someone with no case: 查进度 has nothing to show, and an entry is close.
            return new QuestionRoute.Entry(hits[0].Entry);
        }

        if (recognition.Decision == RecognitionDecision.Accept)
        {
            return new QuestionRoute.Intent(recognition.Intent.Name, Accepted: true);
        }

        if ((CaseQuestions.WithoutProgress(recognition, hasCase, followUp) ?? CardAsked(recognition, settings)) is { } meant)
        {
            return new QuestionRoute.Intent(meant.Name, Accepted: false);
        }

        return recognition.Decision == RecognitionDecision.Clarify && recognition.Candidates.Count >= 2
            ? new QuestionRoute.Clarify(recognition.Candidates[0].Name, recognition.Candidates[1].Name)
            : new QuestionRoute.OutOfScope();
    }

    /// <summary>
    /// The card a question naming an item (or following up on one) asks for when the intents were unsure: by its words
    /// ("那这个归谁发": a department, 找谁办; materials or a time limit, 如何办) when that card is one of the two candidates
    /// and the other is not 查进度, and 如何办 when the two are the item's cards (it gives the department too); null
    /// otherwise, and the user is asked.
    /// </summary>
    public static IntentScore? CardAsked(RecognitionResult recognition, RecognitionSettings settings)
    {
        // Between a card and 查进度 the words do not decide ("智造园现在停在哪个单位" asks about the user's own case).
        if (recognition.Decision != RecognitionDecision.Clarify || recognition.Candidates.Count < 2 || recognition.Entity("item") is null
            || recognition.Candidates.Take(2).Any(c => c.Name == IntentNames.ProgressQuery))
        {
            return null;
        }

        var two = recognition.Candidates.Take(2).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (two.SetEquals(ItemCards))
        {
            // "联合验收具体是怎么个验法，要跑几个部门": the 如何办 card gives the department too.
            return recognition.Candidates.First(c => c.Name == IntentNames.HowToProceed);
        }

        var asked = settings.AspectsAsked(recognition.Normalized).ToList();
        var intent = asked.Contains(KnowledgeAspects.Department) ? IntentNames.WhomToContact
            : asked.Any(a => a is KnowledgeAspects.Materials or KnowledgeAspects.TimeLimit) ? IntentNames.HowToProceed
            : null;
        return recognition.Candidates.Take(2).FirstOrDefault(c => c.Name == intent);
    }

    /// <summary>How close the two best entries' scores must be to count as a tie.</summary>
    private const double TieMargin = 0.005;

    /// <summary>
    /// True when the two best entries fit a question equally and are about different items ("要多久" against the time
    /// limits of 环评 and of 消防审查): the question does not say which it means.
    /// </summary>
    public static bool Tied(IReadOnlyList<(KnowledgeEntry Entry, double Score)> hits) =>
        hits.Count > 1 && hits[0].Score - hits[1].Score < TieMargin && !hits[0].Entry.Items.SequenceEqual(hits[1].Entry.Items);

    /// <summary>The entry that answers, or null when the intent should; <paramref name="followUp"/>: the question leans on the last topic.</summary>
    public static KnowledgeEntry? Decide(RecognitionResult recognition, IReadOnlyList<(KnowledgeEntry Entry, double Score)> hits, RecognitionSettings settings, bool followUp = false)
    {
        if (hits.Count == 0 || recognition.ByRule)
        {
            return null;
        }

        var (entry, score) = hits[0];
        if (Tied(hits) && recognition.Entities.All(e => e.Entity is not ("item" or "stage")))
        {
            // "要多久" alone: the entries on the time limits of 环评, 消防审查 and 审图 fit it equally; the item is missing, and
            // the intent asks for it rather than answer for one picked at random.
            return null;
        }

        var sure = recognition.Decision == RecognitionDecision.Accept;
        var asked = sure ? recognition.Intent.Name : recognition.Candidates.Count > 0 ? recognition.Candidates[0].Name : null;
        // A question the classifier takes for a factual one, or a follow-up the intents hesitate over that asks for a
        // figure or a meaning ("那要多久" after 施工许可证: its few words of its own cannot make it close to anything).
        // Elsewhere such a word alone is no reason to answer from a distant entry (it answered 人才补贴能领多少钱 with the
        // 人防 fee), nor in a follow-up no intent is near, which is not about the topic.
        var factual = recognition.Knowledge >= settings.KnowledgeLikely
            || (followUp && recognition.Decision == RecognitionDecision.Clarify && settings.AsksForFact(recognition.Normalized));
        // A question asking for what an item's card gives (its department, materials, time limit) that the entry does not
        // declare it gives ("节能审查归哪个部门" against the entry on 能评 and 环评) is the card's.
        var aspects = settings.AspectsAsked(recognition.Normalized).ToList();
        var cardGives = aspects.Contains(KnowledgeAspects.Department) && !entry.Aspects.Contains(KnowledgeAspects.Department);
        // A question the classifier is certain is factual ("竣工验收合格以后多少天之内要去备案") takes an entry even when it
        // names an item, unless the card gives what it asks for.
        var certain = recognition.Knowledge >= settings.KnowledgeCertain && score >= settings.KnowledgeFloor && !cardGives;
        if (!certain && recognition.Entity("item") is { } item && asked is not null && ItemCards.Contains(asked)
            && ((sure && score < settings.KnowledgeStrong) || !IsAbout(entry, item.Value) || cardGives))
        {
            // "施工许可证在哪个局办", "联合验收怎么个验法": the item's own card answers whom and how, unless an entry about
            // that very item fits the question closely.
            return null;
        }

        if (asked is not null && ItemCards.Contains(asked) && recognition.Entity("item") is null && aspects.Any(entry.Aspects.Contains)
            && score >= settings.KnowledgeFloor)
        {
            // "帮办服务归哪个部门监督": a 找谁办 or 如何办 question about no item has no card to show; the entry that gives
            // what it asks for answers.
            return entry;
        }

        if (sure && recognition.Intent.Name == IntentNames.WhatToHandle && recognition.Entity("project_type") is not null)
        {
            // "政府投资项目要办哪些审批": the catalog's list for the type named.
            return null;
        }

        if (factual && score >= settings.KnowledgeFloor)
        {
            // The classifier takes it for a factual question, and an entry is about it.
            return entry;
        }

        if (sure && !Questions.Contains(recognition.Intent.Name))
        {
            return null;
        }

        return score >= settings.KnowledgeStrong || (!sure && score >= settings.KnowledgeWeak) ? entry : null;
    }
}
