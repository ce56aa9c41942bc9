using System.Text.RegularExpressions;
using HelpAgency.Core.Content;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// The intents of dialogs/intents/*.yaml, checked the way `rasa data validate` checks: every required intent
/// defined once, no unknown intent, no example twice (after normalisation) in one intent or across intents,
/// and every rule a valid pattern.
/// </summary>
public sealed class IntentSet
{
    public const string Folder = "intents";

    private IntentSet(IReadOnlyList<IntentDefinition> intents) => Intents = intents;

    public IReadOnlyList<IntentDefinition> Intents { get; }

    /// <summary>Every rule, the highest priority first, then in file order.</summary>
    public IReadOnlyList<IntentRule> Rules => [.. Intents.SelectMany(i => i.Rules).OrderByDescending(r => r.Priority)];

    public static IntentSet Load(string folder, TextNormalizer normalizer)
    {
        if (!Directory.Exists(folder))
        {
            throw new ContentException(folder, 0, "intents folder not found");
        }

        var files = Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(path =>
            {
                using var reader = new StreamReader(path);
                return (Path.Combine(Folder, Path.GetFileName(path)), (TextReader)new StringReader(reader.ReadToEnd()));
            });
        return Parse(files, normalizer);
    }

    /// <summary>Reads the intent files given as (file name for messages, content).</summary>
    public static IntentSet Parse(IEnumerable<(string File, TextReader Text)> files, TextNormalizer normalizer, IReadOnlyList<string>? required = null)
    {
        required ??= IntentNames.All;
        var intents = new List<IntentDefinition>();
        foreach (var (file, text) in files)
        {
            var root = RecognitionYaml.LoadRoot(text, file);
            var top = RecognitionYaml.Entries(file, root, "intent file", "intents");
            if (!top.TryGetValue("intents", out var list))
            {
                throw new ContentException(file, root.Start.Line, "expected 'intents:' with a list of intents");
            }

            foreach (var node in RecognitionYaml.Sequence(file, list, "intents").Children)
            {
                intents.Add(ReadIntent(file, RecognitionYaml.Mapping(file, node, "an intent")));
            }
        }

        Validate(intents, normalizer, required);
        return new IntentSet(intents);
    }

    private static IntentDefinition ReadIntent(string file, YamlMappingNode node)
    {
        var entries = RecognitionYaml.Entries(file, node, "intent", "name", "examples", "negative_examples", "rules");
        if (!entries.TryGetValue("name", out var nameNode))
        {
            throw new ContentException(file, node.Start.Line, "an intent needs a 'name'");
        }

        var name = RecognitionYaml.Text(file, nameNode, "name");
        var examples = entries.TryGetValue("examples", out var e) ? RecognitionYaml.Texts(file, e, $"examples of {name}") : [];
        var negatives = entries.TryGetValue("negative_examples", out var n) ? RecognitionYaml.Texts(file, n, $"negative_examples of {name}") : [];
        var rules = new List<IntentRule>();
        if (entries.TryGetValue("rules", out var r))
        {
            foreach (var ruleNode in RecognitionYaml.Sequence(file, r, $"rules of {name}").Children)
            {
                rules.Add(ReadRule(file, name, RecognitionYaml.Mapping(file, ruleNode, $"a rule of {name}")));
            }
        }

        if (examples.Count == 0 && rules.Count == 0)
        {
            throw new ContentException(file, node.Start.Line, $"intent '{name}' has neither examples nor rules");
        }

        return new IntentDefinition(name, [.. examples.Select(x => x.Text)], [.. negatives.Select(x => x.Text)], rules, file, node.Start.Line)
        {
            ExampleLines = [.. examples.Select(x => x.Line)],
            NegativeLines = [.. negatives.Select(x => x.Line)],
        };
    }

    private static IntentRule ReadRule(string file, string intent, YamlMappingNode node)
    {
        var entries = RecognitionYaml.Entries(file, node, "rule", "pattern", "keywords", "priority");
        var priority = entries.TryGetValue("priority", out var p) ? (int)RecognitionYaml.Number(file, p, "priority", -1000, 1000) : 0;
        string pattern;
        if (entries.TryGetValue("pattern", out var patternNode) == entries.ContainsKey("keywords"))
        {
            throw new ContentException(file, node.Start.Line, $"a rule of {intent} needs either 'pattern' or 'keywords'");
        }
        else if (patternNode is not null)
        {
            pattern = RecognitionYaml.Text(file, patternNode, "pattern");
        }
        else
        {
            var keywords = RecognitionYaml.Texts(file, entries["keywords"], "keywords");
            pattern = string.Join('|', keywords.Select(k => Regex.Escape(k.Text)));
        }

        try
        {
            // Linear-time matching: no pattern can backtrack catastrophically, so no timeout that a busy CPU could trip.
            var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return new IntentRule(intent, regex, priority, file, node.Start.Line);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: a construct linear-time matching cannot do (lookaround, backreference).
            throw new ContentException(file, node.Start.Line, $"invalid pattern in a rule of {intent}: {ex.Message}");
        }
    }

    private static void Validate(List<IntentDefinition> intents, TextNormalizer normalizer, IReadOnlyList<string> required)
    {
        var byName = new Dictionary<string, IntentDefinition>(StringComparer.Ordinal);
        foreach (var intent in intents)
        {
            if (!required.Contains(intent.Name))
            {
                throw new ContentException(intent.File, intent.Line, $"unknown intent '{intent.Name}' (the intent names are fixed: {string.Join(", ", required)})");
            }

            if (!byName.TryAdd(intent.Name, intent))
            {
                var first = byName[intent.Name];
                throw new ContentException(intent.File, intent.Line, $"intent '{intent.Name}' is already defined in {first.File}:{first.Line}");
            }
        }

        if (required.FirstOrDefault(name => !byName.ContainsKey(name)) is { } missing)
        {
            throw new ContentException(Folder, 0, $"intent '{missing}' is not defined");
        }

        var seen = new Dictionary<string, (string Intent, string File, long Line)>(StringComparer.Ordinal);
        foreach (var intent in intents)
        {
            for (var i = 0; i < intent.Examples.Count; i++)
            {
                var key = normalizer.Normalize(intent.Examples[i]).Text;
                var line = intent.ExampleLines[i];
                if (key.Length == 0)
                {
                    throw new ContentException(intent.File, line, $"example of {intent.Name} is empty after normalisation");
                }

                if (!seen.TryAdd(key, (intent.Name, intent.File, line)))
                {
                    var first = seen[key];
                    throw new ContentException(intent.File, line, $"example '{intent.Examples[i]}' of {intent.Name} repeats one of {first.Intent} at {first.File}:{first.Line}");
                }
            }
        }

        foreach (var intent in intents)
        {
            for (var i = 0; i < intent.NegativeExamples.Count; i++)
            {
                var key = normalizer.Normalize(intent.NegativeExamples[i]).Text;
                // Negative examples are taught as out of scope, so one cannot also be an example of an intent.
                if (seen.TryGetValue(key, out var example))
                {
                    throw new ContentException(intent.File, intent.NegativeLines[i], $"negative example '{intent.NegativeExamples[i]}' of {intent.Name} is an example of {example.Intent} at {example.File}:{example.Line}");
                }
            }
        }
    }
}
