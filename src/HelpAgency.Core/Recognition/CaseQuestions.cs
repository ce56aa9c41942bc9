namespace HelpAgency.Core.Recognition;

/// <summary>
/// Free questions about the user's own case ("我们项目卡在哪个部门了", "还剩几个没办", "下一步干啥", "有事找谁"): which
/// aspect of the case a message asks about, by the words of bot.yaml's <c>recognition.case_aspects</c>, and when such a
/// message goes to progress_query whatever the classifier thought: the user has a case, the message names no catalog
/// item or stage (or names one with a word of <c>case_markers</c>, or one of the user's projects: 我们的施工许可证现在卡在哪),
/// and the recognizer was unsure between questions, or took it for a question (办什么, 找谁办, 如何办, 进度, out of scope) or a
/// factual one; a message asking about a rule or the service (<c>rule_cues</c>: 能不能, 一般, 要不要) is no case question.
/// </summary>
public static class CaseQuestions
{
    /// <summary>
    /// The reading of a clarifying question between 查进度 and another intent that needs no question: the other one when
    /// the user has no case (查进度 has nothing to show) or the message follows up on the last topic (那要多久 after
    /// 施工许可证要什么材料 continues that question); null when the question should be asked.
    /// </summary>
    public static IntentScore? WithoutProgress(RecognitionResult recognition, bool hasCase, bool followUp)
    {
        if ((hasCase && !followUp) || recognition.Decision != RecognitionDecision.Clarify || recognition.Candidates.Count != 2
            || !recognition.Candidates.Any(c => c.Name == IntentNames.ProgressQuery))
        {
            return null;
        }

        return recognition.Candidates.First(c => c.Name != IntentNames.ProgressQuery);
    }

    /// <summary>The aspect (department, overdue, remaining, next, contact) whose words <paramref name="normalized"/> uses first, or null.</summary>
    public static string? Aspect(string normalized, RecognitionSettings settings)
    {
        foreach (var (aspect, words) in settings.CaseAspects)
        {
            foreach (var word in words)
            {
                if (normalized.Contains(word, StringComparison.Ordinal))
                {
                    return aspect;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="recognition"/> turned into an accepted progress_query when it is a question about the user's own
    /// case (<paramref name="hasCase"/>: the user can see at least one project); otherwise unchanged.
    /// </summary>
    public static RecognitionResult Route(RecognitionResult recognition, bool hasCase, RecognitionSettings settings)
    {
        var normalized = recognition.Normalized;
        if (!hasCase || recognition.ByRule || Aspect(normalized, settings) is not { } aspect
            || (recognition.Entities.Any(e => e.Entity is "item" or "stage") && recognition.Entity("project") is null
                && !RecognitionSettings.Mentions(normalized, settings.CaseMarkers)))
        {
            return recognition;
        }

        // "有一份材料还在走盖章流程 能先容缺受理吗", "你们一般怎么帮企业协调": a question about a rule or the service, however
        // much it tells about the project, unless it names one of the user's projects.
        if (recognition.Entity("project") is null && RecognitionSettings.Mentions(normalized, settings.RuleCues))
        {
            return recognition;
        }

        if (recognition.Decision == RecognitionDecision.Accept && recognition.Intent.Name == IntentNames.ProgressQuery)
        {
            // "我们项目离开工还差哪几项审批没批": the case answers it, however factual its words look.
            return recognition with { CaseAspect = aspect, Knowledge = 0 };
        }

        // A task the recognizer leans towards (记一下服务记录, 我名下的项目, 帮办到此为止) stays that task's question.
        if (recognition.Decision == RecognitionDecision.Clarify && !settings.CaseIntents.Contains(recognition.Intent.Name))
        {
            return recognition;
        }

        // A task the recognizer was sure of (投诉, 申请, 更新进度) stays a task; an unsure one or a question becomes the case question.
        if (recognition.Decision == RecognitionDecision.Accept && !settings.CaseIntents.Contains(recognition.Intent.Name) && recognition.Knowledge < settings.KnowledgeLikely)
        {
            return recognition;
        }

        var progress = new IntentScore(IntentNames.ProgressQuery, 1);
        return recognition with { Intent = progress, Decision = RecognitionDecision.Accept, Candidates = [], Knowledge = 0, CaseAspect = aspect };
    }
}
