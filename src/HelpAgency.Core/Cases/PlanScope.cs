using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Cases;

/// <summary>
/// Decides which items a new case plans (dialogs/plan_scope.yaml): every item of the project type, except that a
/// conditional item (one with a catalog <c>condition</c>) is kept only when the application's facts call for it or
/// do not tell, and then with the reason it is in.
/// </summary>
public sealed class PlanScope
{
    public const string FileName = "plan_scope.yaml";

    /// <summary>The value a fact holds when the enterprise said it does not know it.</summary>
    public const string Unknown = "unknown";

    private readonly ApprovalCatalog _catalog;
    private readonly ConditionSet _conditions;
    private readonly Dictionary<string, ScopeRule> _rules;
    private readonly IReadOnlyList<DerivedFact> _derived;

    public PlanScope(ApprovalCatalog catalog, ConditionSet conditions, string unknownReason, IReadOnlyDictionary<string, ScopeRule> rules, IReadOnlyList<DerivedFact> derived)
    {
        _catalog = catalog;
        _conditions = conditions;
        UnknownReason = unknownReason;
        _rules = new Dictionary<string, ScopeRule>(rules, StringComparer.OrdinalIgnoreCase);
        _derived = derived;
    }

    /// <summary>The reason of an item kept because a fact it needs is not known.</summary>
    public string UnknownReason { get; }

    /// <summary>The words a 用途 (use) answer may name, longest first, as the conditions' rules compare them.</summary>
    public IReadOnlyList<string> UseWords(string variable) =>
        _conditions.Conditions.SelectMany(c => c.Rules).SelectMany(r => r.When.WordsOf(variable))
            .Concat(_derived.Where(d => d.From == variable).SelectMany(d => d.Values.Keys))
            .Distinct(StringComparer.Ordinal).OrderByDescending(w => w.Length).ToList();

    /// <summary>
    /// The items of <paramref name="projectType"/> split into planned (each conditional one with its reason) and left
    /// out (with the rule that left it out). <paramref name="facts"/> hold condition variables as the rules compare
    /// them; a fact absent or <see cref="Unknown"/> is not known.
    /// </summary>
    public PlanSelection Select(string projectType, IReadOnlyDictionary<string, string>? facts, bool registered)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in facts ?? new Dictionary<string, string>())
        {
            if (!string.IsNullOrWhiteSpace(value) && value != Unknown)
            {
                values[name] = value.Trim();
            }
        }

        foreach (var derived in _derived.Where(d => !values.ContainsKey(d.Variable)))
        {
            if (values.TryGetValue(derived.From, out var from) && derived.Values.TryGetValue(from, out var value))
            {
                values[derived.Variable] = value;
            }
        }

        var items = _catalog.ItemsFor(projectType);
        var decided = new Dictionary<string, ScopedItem>(StringComparer.OrdinalIgnoreCase);
        ScopedItem Decide(ApprovalItem item)
        {
            if (decided.TryGetValue(item.Code, out var known))
            {
                return known;
            }

            var result = item.Condition is null ? new ScopedItem(item, true, null) : DecideConditional(item, values, registered, Decide, items);
            decided[item.Code] = result;
            return result;
        }

        var all = items.Select(Decide).ToList();
        return new PlanSelection(all.Where(s => s.Planned).ToList(), all.Where(s => !s.Planned).ToList());
    }

    private ScopedItem DecideConditional(ApprovalItem item, Dictionary<string, string> values, bool registered, Func<ApprovalItem, ScopedItem> decide, IReadOnlyList<ApprovalItem> items)
    {
        switch (_rules.GetValueOrDefault(item.Code))
        {
            case { Keep: { } keep }:
                return new ScopedItem(item, true, keep);
            case { Registered: { } unregistered }:
                return registered ? new ScopedItem(item, false, null) : new ScopedItem(item, true, unregistered);
            case { With: { } with }:
                var leader = items.FirstOrDefault(i => string.Equals(i.Code, with, StringComparison.OrdinalIgnoreCase));
                return leader is null ? new ScopedItem(item, true, UnknownReason) : decide(leader) with { Item = item };
        }

        var conditions = _conditions.Conditions.Where(c => string.Equals(c.Item, item.Code, StringComparison.OrdinalIgnoreCase)).ToList();
        if (conditions.Count == 0)
        {
            return new ScopedItem(item, true, UnknownReason);
        }

        // Several conditions (水保 and 涉河) each may call for the item: it is left out only when all say it is not needed.
        string? reason = null;
        string? notNeeded = null;
        var open = false;
        foreach (var condition in conditions)
        {
            var (rule, _) = ConditionAnswerer.Evaluate(condition, values);
            switch (rule?.Answer)
            {
                case "needed":
                    return new ScopedItem(item, true, rule.Reason ?? UnknownReason);
                case "not_needed":
                    notNeeded ??= rule.Text;
                    break;
                case "depends":
                    reason ??= rule.Reason;
                    open = true;
                    break;
                default:
                    open = true;
                    break;
            }
        }

        return open ? new ScopedItem(item, true, reason ?? UnknownReason) : new ScopedItem(item, false, notNeeded);
    }

    /// <summary>Loads <paramref name="path"/>; a missing file plans every item as before, with conditional ones to confirm.</summary>
    public static PlanScope Load(string path, ApprovalCatalog catalog, ConditionSet conditions)
    {
        if (!File.Exists(path))
        {
            return new PlanScope(catalog, conditions, "", new Dictionary<string, ScopeRule>(), []);
        }

        var file = Path.GetFileName(path);
        var top = RecognitionYaml.Entries(file, RecognitionYaml.LoadRoot(path), "plan scope", "unknown", "derived", "items");
        var unknown = top.TryGetValue("unknown", out var u) ? RecognitionYaml.Text(file, u, "unknown") : throw new ContentException(file, 1, "plan scope needs 'unknown'");
        var rules = new Dictionary<string, ScopeRule>(StringComparer.OrdinalIgnoreCase);
        if (top.TryGetValue("items", out var itemsNode))
        {
            foreach (var (key, value) in RecognitionYaml.Mapping(file, itemsNode, "items").Children)
            {
                var code = RecognitionYaml.Text(file, key, "an item code");
                if (catalog.FindItem(code) is not { Condition: not null })
                {
                    throw new ContentException(file, key.Start.Line, $"'{code}' is not a conditional item of the catalog");
                }

                var m = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, value, code), code, "keep", "registered", "with");
                string? Get(string k) => m.TryGetValue(k, out var n) ? RecognitionYaml.Text(file, n, k) : null;
                var rule = new ScopeRule(Get("keep"), Get("registered"), Get("with"));
                if (m.Count != 1)
                {
                    throw new ContentException(file, key.Start.Line, $"{code}: give exactly one of keep, registered, with");
                }

                if (rule.With is { } with && catalog.FindItem(with) is null)
                {
                    throw new ContentException(file, key.Start.Line, $"{code}: unknown item '{with}'");
                }

                rules[code] = rule;
            }
        }

        var derived = new List<DerivedFact>();
        if (top.TryGetValue("derived", out var derivedNode))
        {
            foreach (var node in RecognitionYaml.Sequence(file, derivedNode, "derived").Children)
            {
                var m = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, "a derived fact"), "a derived fact", "variable", "from", "values");
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (answer, words) in RecognitionYaml.Mapping(file, m["values"], "values").Children)
                {
                    foreach (var (word, _) in RecognitionYaml.Texts(file, words, "words"))
                    {
                        map[word] = RecognitionYaml.Text(file, answer, "a value");
                    }
                }

                derived.Add(new DerivedFact(RecognitionYaml.Text(file, m["variable"], "variable"), RecognitionYaml.Text(file, m["from"], "from"), map));
            }
        }

        return new PlanScope(catalog, conditions, unknown, rules, derived);
    }
}

/// <summary>How plan_scope.yaml decides one conditional item: exactly one of the three is set.</summary>
public sealed record ScopeRule(string? Keep, string? Registered, string? With);

/// <summary>A fact that follows from another: <see cref="Values"/> maps the other's answer to this one's.</summary>
public sealed record DerivedFact(string Variable, string From, IReadOnlyDictionary<string, string> Values);

/// <summary>An item of the project type and whether the plan holds it; the reason it is in (kept) or out (left out).</summary>
public sealed record ScopedItem(ApprovalItem Item, bool Planned, string? Reason);

/// <summary>The items a new case plans and the conditional ones it leaves out.</summary>
public sealed record PlanSelection(IReadOnlyList<ScopedItem> Planned, IReadOnlyList<ScopedItem> LeftOut);
