using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// dialogs/lexicon.yaml: the names people use for the catalog's items, stages and departments (施工证, 竣备, 审图),
/// by code. They join the catalog's own names in the entity gazetteer and the segmenter's dictionary.
/// </summary>
public sealed class Lexicon
{
    public const string FileName = "lexicon.yaml";

    private static readonly (string Key, string Entity)[] Kinds = [("items", "item"), ("stages", "stage"), ("departments", "department")];

    public Lexicon(IReadOnlyDictionary<(string Entity, string Code), IReadOnlyList<string>> aliases, IReadOnlyDictionary<string, string>? namesakes = null, IReadOnlyList<string>? stageWords = null, IReadOnlyList<string>? words = null, IReadOnlyDictionary<string, IReadOnlyList<CuedName>>? cued = null)
    {
        Aliases = aliases;
        Cued = cued ?? new Dictionary<string, IReadOnlyList<CuedName>>();
        Namesakes = namesakes ?? new Dictionary<string, string>();
        StageWords = stageWords ?? [];
        Words = words ?? [];
    }

    /// <summary>Domain words that are no catalog name (告知承诺制, 容缺受理, 多测合一): the segmenter keeps each whole.</summary>
    public IReadOnlyList<string> Words { get; }

    public static Lexicon Empty { get; } = new(new Dictionary<(string, string), IReadOnlyList<string>>());

    /// <summary>Stage code → the item its bare name usually means (construction_permit → SG04).</summary>
    public IReadOnlyDictionary<string, string> Namesakes { get; }

    /// <summary>Words that keep a namesake stage's bare name on the stage (阶段, 环节, 包括哪些).</summary>
    public IReadOnlyList<string> StageWords { get; }

    /// <summary>Item code → the shared words that name it when their cues are in the message (人防 with 配建 → GC04).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CuedName>> Cued { get; }

    /// <summary>The aliases of each (entity, code).</summary>
    public IReadOnlyDictionary<(string Entity, string Code), IReadOnlyList<string>> Aliases { get; }

    /// <summary>Loads <paramref name="path"/> (empty when missing); codes must be the catalog's, an alias may name one code of a kind.</summary>
    public static Lexicon Load(string path, IReadOnlyList<GazetteerEntry> catalog, TextNormalizer normalizer)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var top = RecognitionYaml.Entries(file, root, "lexicon", [.. Kinds.Select(k => k.Key), "namesakes", "stage_words", "words", "cued"]);
        var aliases = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var (key, entity) in Kinds)
        {
            if (!top.TryGetValue(key, out var node))
            {
                continue;
            }

            // An alias is taken by the catalog entry that already has it, or by the first lexicon line naming it.
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in catalog.Where(e => e.Entity == entity))
            {
                foreach (var name in entry.Synonyms.Append(entry.Name))
                {
                    owners.TryAdd(normalizer.Normalize(name).Text, entry.Value);
                }
            }

            foreach (var (codeNode, list) in RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, key), key))
            {
                var code = codeNode;
                if (!catalog.Any(e => e.Entity == entity && e.Value == code))
                {
                    throw new ContentException(file, list.Start.Line, $"{key}: unknown {entity} code '{code}'");
                }

                var texts = RecognitionYaml.Texts(file, list, $"{key}.{code}");
                foreach (var (alias, line) in texts)
                {
                    var normal = normalizer.Normalize(alias).Text;
                    if (normal.Length == 0)
                    {
                        throw new ContentException(file, line, $"{key}.{code}: alias '{alias}' has no letters");
                    }

                    if (owners.TryGetValue(normal, out var owner) && owner != code)
                    {
                        throw new ContentException(file, line, $"{key}.{code}: alias '{alias}' already names {entity} '{owner}'");
                    }

                    owners[normal] = code;
                }

                aliases[(entity, code)] = [.. texts.Select(t => t.Text)];
            }
        }

        var namesakes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (top.TryGetValue("namesakes", out var namesakeNode))
        {
            foreach (var (stage, itemNode) in RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, namesakeNode, "namesakes"), "namesakes"))
            {
                var item = RecognitionYaml.Text(file, itemNode, $"namesakes.{stage}");
                if (!catalog.Any(e => e.Entity == "stage" && e.Value == stage))
                {
                    throw new ContentException(file, itemNode.Start.Line, $"namesakes: unknown stage code '{stage}'");
                }

                if (!catalog.Any(e => e.Entity == "item" && e.Value == item))
                {
                    throw new ContentException(file, itemNode.Start.Line, $"namesakes.{stage}: unknown item code '{item}'");
                }

                namesakes[stage] = item;
            }
        }

        var stageWords = top.TryGetValue("stage_words", out var wordsNode)
            ? RecognitionYaml.Texts(file, wordsNode, "stage_words").Select(t => normalizer.Normalize(t.Text).Text).ToList()
            : [];
        var words = top.TryGetValue("words", out var vocabulary)
            ? RecognitionYaml.Texts(file, vocabulary, "words").Select(t => normalizer.Normalize(t.Text).Text).Where(w => w.Length >= 2).Distinct(StringComparer.Ordinal).ToList()
            : [];
        return new Lexicon(aliases, namesakes, stageWords, words, top.TryGetValue("cued", out var cuedNode) ? ReadCued(file, cuedNode, catalog, normalizer) : null);
    }

    /// <summary>
    /// cued: a shared word → item code → cue words. The word must name no catalog entry by itself, it must be shared by
    /// two items or more, and no cue may be given to two of them (it would decide nothing).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<CuedName>> ReadCued(string file, YamlDotNet.RepresentationModel.YamlNode node, IReadOnlyList<GazetteerEntry> catalog, TextNormalizer normalizer)
    {
        var names = catalog.SelectMany(e => e.Synonyms.Append(e.Name)).Select(n => normalizer.Normalize(n).Text).ToHashSet(StringComparer.Ordinal);
        var cued = new Dictionary<string, List<CuedName>>(StringComparer.Ordinal);
        foreach (var (word, itemsNode) in RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, "cued"), "cued"))
        {
            var normal = normalizer.Normalize(word).Text;
            var line = itemsNode.Start.Line;
            if (normal.Length == 0 || names.Contains(normal))
            {
                throw new ContentException(file, line, $"cued.{word}: a shared word must have letters and be no catalog name or alias");
            }

            var items = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, itemsNode, $"cued.{word}"), $"cued.{word}");
            if (items.Count < 2)
            {
                throw new ContentException(file, line, $"cued.{word}: a shared word names two items or more");
            }

            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (code, cuesNode) in items)
            {
                if (!catalog.Any(e => e.Entity == "item" && e.Value == code))
                {
                    throw new ContentException(file, cuesNode.Start.Line, $"cued.{word}: unknown item code '{code}'");
                }

                var cues = new List<string>();
                foreach (var (cue, cueLine) in RecognitionYaml.Texts(file, cuesNode, $"cued.{word}.{code}"))
                {
                    var cueText = normalizer.Normalize(cue).Text;
                    if (!owners.TryAdd(cueText, code))
                    {
                        throw new ContentException(file, cueLine, $"cued.{word}.{code}: cue '{cue}' is already {owners[cueText]}'s");
                    }

                    if (cueText.Length > 0)
                    {
                        cues.Add(cueText);
                    }
                }

                if (!cued.TryGetValue(code, out var list))
                {
                    cued[code] = list = [];
                }

                list.Add(new CuedName(normal, cues));
            }
        }

        return cued.ToDictionary(p => p.Key, p => (IReadOnlyList<CuedName>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The catalog's gazetteer entries with the lexicon's aliases added to their synonyms.</summary>
    public IReadOnlyList<GazetteerEntry> Extend(IReadOnlyList<GazetteerEntry> catalog)
    {
        var extended = catalog.Select(e => Aliases.TryGetValue((e.Entity, e.Value), out var more)
            ? e with { Synonyms = [.. e.Synonyms.Concat(more).Distinct(StringComparer.Ordinal)] }
            : e).Select(e => e.Entity == "item" && Cued.TryGetValue(e.Value, out var cued) ? e with { CuedNames = cued } : e).ToList();
        return [.. extended.Select(e => e.Entity == "stage" && Namesakes.TryGetValue(e.Value, out var item)
            ? e with { Namesake = extended.First(i => i.Entity == "item" && i.Value == item), StageWords = StageWords }
            : e)];
    }
}
