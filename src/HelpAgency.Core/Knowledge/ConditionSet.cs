using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Knowledge;

/// <summary>The conditions of dialogs/conditions.yaml, checked at start with file and line: known item codes, units and answers, rules that parse over declared variables.</summary>
public sealed class ConditionSet(IReadOnlyList<ItemCondition> conditions)
{
    public const string FileName = "conditions.yaml";

    private static readonly HashSet<string> Answers = new(StringComparer.Ordinal) { "needed", "not_needed", "depends" };

    public static ConditionSet Empty { get; } = new([]);

    public IReadOnlyList<ItemCondition> Conditions { get; } = conditions;

    public static ConditionSet Load(string path, CatalogCodes catalog)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var top = RecognitionYaml.Entries(file, root, "conditions", "conditions");
        if (!top.TryGetValue("conditions", out var list))
        {
            return Empty;
        }

        var conditions = new List<ItemCondition>();
        foreach (var node in RecognitionYaml.Sequence(file, list, "conditions").Children)
        {
            conditions.Add(Read(file, node, catalog, conditions.Count));
        }

        return new ConditionSet(conditions);
    }

    private static ItemCondition Read(string file, YamlNode node, CatalogCodes catalog, int index)
    {
        var map = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, "a condition"), "a condition",
            "item", "question", "paraphrases", "variables", "rules", "source", "certainty");
        var line = node.Start.Line;
        string Required(Dictionary<string, YamlNode> m, string key, long at) => m.TryGetValue(key, out var value)
            ? RecognitionYaml.Text(file, value, key)
            : throw new ContentException(file, at, $"a condition needs '{key}'");

        var item = Required(map, "item", line);
        if (!catalog.Items.Contains(item))
        {
            throw new ContentException(file, map["item"].Start.Line, $"unknown item code '{item}'");
        }

        var variables = new List<ConditionVariable>();
        if (map.TryGetValue("variables", out var vars))
        {
            foreach (var v in RecognitionYaml.Sequence(file, vars, "variables").Children)
            {
                var vm = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, v, "a variable"), "a variable", "name", "unit", "ask", "synonyms", "yes", "no");
                var unit = Required(vm, "unit", v.Start.Line);
                if (unit is not ("是/否" or "用途" or "年") && QuantityUnits.Parse(unit) is null)
                {
                    throw new ContentException(file, vm["unit"].Start.Line, $"unknown unit '{unit}' (known: {QuantityUnits.Known}, 是/否, 用途)");
                }

                // The words the file gives for the fact's values; a 用途 fact's rule words join them once the rules are read.
                var words = new List<(string Word, string Value)>();
                if (vm.TryGetValue("synonyms", out var synonymsNode))
                {
                    if (unit != "用途")
                    {
                        throw new ContentException(file, synonymsNode.Start.Line, "synonyms are for a 用途 fact only");
                    }

                    foreach (var (value, synonyms) in RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, synonymsNode, "synonyms"), "synonyms"))
                    {
                        words.AddRange(RecognitionYaml.Texts(file, synonyms, $"synonyms.{value}").Select(t => (t.Text, value)));
                    }
                }

                foreach (var (key, answer) in new[] { ("yes", "是"), ("no", "否") })
                {
                    if (vm.TryGetValue(key, out var said))
                    {
                        words.AddRange(unit == "是/否"
                            ? RecognitionYaml.Texts(file, said, key).Select(t => (t.Text, answer))
                            : throw new ContentException(file, said.Start.Line, $"'{key}' words are for a 是/否 fact only"));
                    }
                }

                if (unit == "是/否" && words.GroupBy(w => w.Word, StringComparer.Ordinal).FirstOrDefault(g => g.Select(w => w.Value).Distinct().Count() > 1) is { } both)
                {
                    throw new ContentException(file, v.Start.Line, $"'{both.Key}' is both a yes and a no word");
                }

                variables.Add(new ConditionVariable(Required(vm, "name", v.Start.Line), unit, Required(vm, "ask", v.Start.Line)) { Words = words });
            }
        }

        var rules = new List<ConditionRule>();
        foreach (var r in RecognitionYaml.Sequence(file, map.TryGetValue("rules", out var rs) ? rs : throw new ContentException(file, line, "a condition needs 'rules'"), "rules").Children)
        {
            var rm = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, r, "a rule"), "a rule", "when", "answer", "text", "reason");
            ConditionExpression when;
            try
            {
                when = ConditionExpression.Parse(rm.TryGetValue("when", out var w) ? RecognitionYaml.Text(file, w, "when") : "");
            }
            catch (FormatException ex)
            {
                throw new ContentException(file, rm["when"].Start.Line, $"when: {ex.Message}");
            }

            foreach (var name in when.Variables.Where(n => variables.All(v => v.Name != n)))
            {
                throw new ContentException(file, rm["when"].Start.Line, $"when: '{name}' is not one of the condition's variables");
            }

            var answer = Required(rm, "answer", r.Start.Line);
            if (!Answers.Contains(answer))
            {
                throw new ContentException(file, rm["answer"].Start.Line, $"answer must be needed, not_needed or depends, not '{answer}'");
            }

            rules.Add(new ConditionRule(when, answer, Required(rm, "text", r.Start.Line), rm.TryGetValue("reason", out var reason) ? RecognitionYaml.Text(file, reason, "reason") : null));
        }

        for (var i = 0; i < variables.Count; i++)
        {
            var variable = variables[i];
            var compared = rules.SelectMany(r => r.When.WordsOf(variable.Name)).Distinct(StringComparer.Ordinal).ToList();
            if (variable.Unit == "用途")
            {
                // A synonym stands for a value the rules compare; any other value would never decide anything.
                if (variable.Words.FirstOrDefault(w => !compared.Contains(w.Value, StringComparer.Ordinal)) is { Word: not null } unused)
                {
                    throw new ContentException(file, line, $"variable '{variable.Name}': synonyms of '{unused.Value}', which no rule compares");
                }

                variables[i] = variable with { Words = [.. compared.Select(w => (Word: w, Value: w)).Concat(variable.Words).OrderByDescending(w => w.Word.Length)] };
            }
            else
            {
                variables[i] = variable with { Words = [.. variable.Words.OrderByDescending(w => w.Word.Length)] };
            }
        }

        var certaintyText = Required(map, "certainty", line);
        if (!Enum.TryParse<Certainty>(certaintyText, ignoreCase: true, out var certainty) || !Enum.IsDefined(certainty))
        {
            throw new ContentException(file, map["certainty"].Start.Line, $"certainty must be verified, general or unverified, not '{certaintyText}'");
        }

        var paraphrases = map.TryGetValue("paraphrases", out var p) ? RecognitionYaml.Texts(file, p, "paraphrases").Select(t => t.Text).ToList() : [];
        return new ItemCondition($"{item}#{index}", item, Required(map, "question", line), paraphrases, variables, rules, Required(map, "source", line), certainty, file, line);
    }
}
