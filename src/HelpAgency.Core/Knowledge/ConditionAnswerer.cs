using System.Globalization;
using System.Text.RegularExpressions;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Answers "do I need X?": finds the condition a question is about (its shape asks whether, and it names the item or
/// reads like the condition's phrasings), reads the facts it gives (投资大概200万, 8000平方米, 厂房), and tries the rules
/// in order. A rule over a fact not given yet is not skipped: the answer is the question for that fact, asked once.
/// </summary>
public sealed partial class ConditionAnswerer
{
    private readonly ConditionSet _conditions;
    private readonly KnowledgeIndex _index;
    private readonly Dictionary<string, ItemCondition> _byId;
    private readonly RecognitionSettings _settings;

    public ConditionAnswerer(ConditionSet conditions, EntityGazetteer gazetteer, RecognitionSettings settings)
    {
        _conditions = conditions;
        _settings = settings;
        _byId = conditions.Conditions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var entries = conditions.Conditions.Select(c => new KnowledgeEntry(c.Id, c.Question, c.Paraphrases, "", [c.Item], [], c.Source, c.Certainty, c.File, c.Line)).ToList();
        _index = new KnowledgeIndex(new KnowledgeBase(entries), gazetteer, new RecognitionSettings());
    }

    public ConditionSet Conditions => _conditions;

    public ItemCondition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// The condition <paramref name="text"/> asks about, or null when it does not ask whether something is needed, or
    /// when a knowledge entry (similarity <paramref name="knowledgeScore"/>) fits it clearly better ("施工证要交工本费吗"
    /// asks whether, but about a fee).
    /// </summary>
    public ItemCondition? Match(string text, RecognitionResult recognition, double knowledgeScore = 0)
    {
        // A question about the user's own case ("我们项目还要不要等消防") is the case's, whatever it asks.
        if (recognition.ByRule || recognition.CaseAspect is not null || !AsksWhether(text))
        {
            return null;
        }

        var condition = Closest(text, recognition, knowledgeScore);
        // "消防设计改了要不要重新报审", "施工许可证要去变更吗": a step on the item, not whether it applies, unless a fact is given.
        return condition is not null && _settings.AsksAboutProcedure(recognition.Normalized) && Read(condition, text).Count == 0 ? null : condition;
    }

    private ItemCondition? Closest(string text, RecognitionResult recognition, double knowledgeScore)
    {
        var hits = _index.Search(text, 1);
        if (hits.Count > 0 && hits[0].Score >= MinimumSimilarity)
        {
            // A question that gives a fact the rules read (投资大概200万) is the condition's, however close an entry is.
            var condition = _byId[hits[0].Entry.Id];
            return knowledgeScore > hits[0].Score + KnowledgeLead && Read(condition, text).Count == 0 ? null : condition;
        }

        var items = recognition.Entities.Where(e => e.Entity == "item").Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var named = _conditions.Conditions.FirstOrDefault(c => items.Contains(c.Item));
        return knowledgeScore >= KnowledgeOverItem && (named is null || Read(named, text).Count == 0) ? null : named;
    }

    /// <summary>How much closer a knowledge entry must be than the closest condition to take the question.</summary>
    private const double KnowledgeLead = 0.1;

    /// <summary>How close a knowledge entry must be to take a question that only names a conditional item.</summary>
    private const double KnowledgeOverItem = 0.4;

    /// <summary>The facts of <paramref name="condition"/> that <paramref name="text"/> gives, as the rules compare them.</summary>
    public static Dictionary<string, string> Read(ItemCondition condition, string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quantities = QuantityReader.Read(text);
        foreach (var variable in condition.Variables)
        {
            switch (variable.Unit)
            {
                case "用途":
                    if (Stated(variable, text) is { } use)
                    {
                        values[variable.Name] = use;
                    }

                    break;
                case "是/否":
                    if ((YesNo(text) ?? Stated(variable, text)) is { } answer)
                    {
                        values[variable.Name] = answer;
                    }

                    break;
                default:
                    if (QuantityUnits.Parse(variable.Unit) is { } unit && QuantityReader.First(quantities, unit.Kind) is { } amount)
                    {
                        values[variable.Name] = (amount / unit.Factor).ToString(CultureInfo.InvariantCulture);
                    }

                    break;
            }
        }

        return values;
    }

    /// <summary>
    /// The rules tried in order with the facts known: the first that holds decides; one that cannot be told yet stops the
    /// search with the fact it needs (Decided null, Missing set); none holding is "it depends" (both null).
    /// </summary>
    public static (ConditionRule? Decided, ConditionVariable? Missing) Evaluate(ItemCondition condition, IReadOnlyDictionary<string, string> values)
    {
        object? Value(string name) => values.TryGetValue(name, out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : v
            : null;

        foreach (var rule in condition.Rules)
        {
            switch (rule.When.Evaluate(Value))
            {
                case true:
                    return (rule, null);
                case null:
                    return (null, condition.Variables.First(v => rule.When.Variables.Contains(v.Name) && !values.ContainsKey(v.Name)));
            }
        }

        return (null, null);
    }

    /// <summary>True when <paramref name="text"/> has the shape of "do I need X" (要不要, 需要…吗, 能免吗, 书还是表).</summary>
    public static bool AsksWhether(string text) => AsksWhetherPattern().IsMatch(text);

    /// <summary>True when a reply to the bot's question for a fact is a question of its own, not an answer ("面积还没定" is an answer).</summary>
    public static bool AsksSomethingElse(string text) => text.Length > 20 || IsQuestion(text);

    /// <summary>True when a text is worded as a question (吗, 什么, 怎么, 哪, 多少, 几个, 谁 …); an answer to a form's question seldom is.</summary>
    public static bool IsQuestion(string text) => OtherQuestion().IsMatch(text);

    /// <summary>
    /// The value of a fact a text states in words (危化品仓库: 危险品仓库; 施工围挡要占用人行道: 是; 民营企业自有资金: 否):
    /// the longest of the fact's words the text holds, so "不占道" is read before "占道"; null when it holds none.
    /// </summary>
    private static string? Stated(ConditionVariable variable, string text) =>
        variable.Words.FirstOrDefault(w => text.Contains(w.Word, StringComparison.Ordinal)).Value;

    /// <summary>A short answer's yes or no ("是", "不是", "没有"), as the 是/否 facts hold them.</summary>
    private static string? YesNo(string text)
    {
        var t = text.Trim().TrimEnd('。', '！', '!', '.', '～', '~');
        return t.Length > 6 ? null : NoPattern().IsMatch(t) ? "否" : YesPattern().IsMatch(t) ? "是" : null;
    }

    /// <summary>How close a question must be to a condition's phrasings when it does not name the item.</summary>
    private const double MinimumSimilarity = 0.3;

    [GeneratedRegex("要不要|需不需要|需要不需要|用不用|算不算|是不是.{0,8}(就|只)|是否(需要|要|必须|属于)|必须.{0,6}(办|做|要|招标)|(要|需要|得|用).{0,14}([吗嘛不]|(?<!什)么)[?？]?$|免办|(能|可以|可)免|可以不(办|做|用)|能不能不(办|做|招)|能不能免|可不可以不|不用办|肯定要.{0,10}吧|(书|表)还是|还是.{0,4}(书|表)|什么(情况|规模|条件|标准)(下)?.{0,6}(要|需要|必须|才|可以不|不用)|多大(规模|面积)?.{0,4}(要|需要|才)")]
    private static partial Regex AsksWhetherPattern();

    [GeneratedRegex("[吗么嘛？?]|怎么|什么|哪|多少|几[个天]|谁")]
    private static partial Regex OtherQuestion();

    [GeneratedRegex("^(否|不是|不|没有|无|不涉及|不需要|没)")]
    private static partial Regex NoPattern();

    [GeneratedRegex("^(是|是的|对|有|涉及|需要|要)")]
    private static partial Regex YesPattern();
}
