using HelpAgency.Core.Content;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// Everything the recognizer is built from, read from dialogs/: normalization.yaml, entities.yaml (statuses,
/// generic project words), bot.yaml (thresholds), intents/*.yaml, and the names of catalog.yaml (stages,
/// items, project types) as gazetteer entries.
/// </summary>
public sealed record RecognitionContent(
    TextNormalizer Normalizer,
    IReadOnlyList<GazetteerEntry> Gazetteer,
    IReadOnlyList<string> ProjectGenericWords,
    IntentSet Intents,
    RecognitionSettings Settings)
{
    /// <summary>
    /// The knowledge base of dialogs/knowledge/: its phrasings teach the classifier what a factual question looks like
    /// (the <see cref="IntentNames.Knowledge"/> class), and the knowledge index answers them.
    /// </summary>
    public Core.Knowledge.KnowledgeBase Knowledge { get; init; } = Core.Knowledge.KnowledgeBase.Empty;

    public const string NormalizationFile = "normalization.yaml";
    public const string EntitiesFile = "entities.yaml";
    public const string CatalogFile = "catalog.yaml";

    /// <summary>Loads the content of <paramref name="dialogsFolder"/>; the catalog may live elsewhere.</summary>
    public static RecognitionContent Load(string dialogsFolder, string? catalogPath = null)
    {
        var normalizer = LoadNormalizer(Path.Combine(dialogsFolder, NormalizationFile));
        var (statuses, genericWords) = LoadEntities(Path.Combine(dialogsFolder, EntitiesFile));
        var catalog = LoadCatalogNames(catalogPath ?? Path.Combine(dialogsFolder, CatalogFile));
        // The names people use (施工证, 竣备, 审图) join the catalog's own.
        var lexicon = Core.Knowledge.Lexicon.Load(Path.Combine(dialogsFolder, Core.Knowledge.Lexicon.FileName), catalog, normalizer);
        catalog = lexicon.Extend(catalog);
        var intents = IntentSet.Load(Path.Combine(dialogsFolder, IntentSet.Folder), normalizer);
        var settings = RecognitionSettings.Load(Path.Combine(dialogsFolder, RecognitionSettings.FileName));
        var knowledge = Core.Knowledge.KnowledgeBase.Load(Path.Combine(dialogsFolder, Core.Knowledge.KnowledgeBase.Folder), Core.Knowledge.CatalogCodes.From(catalog));
        return new RecognitionContent(normalizer, [.. catalog, .. statuses], genericWords, intents, settings) { Knowledge = new(knowledge.Entries) { Vocabulary = lexicon.Words } };
    }

    /// <summary>Reads normalization.yaml: traditional (pairs of characters), replacements (from: to), particles.</summary>
    public static TextNormalizer LoadNormalizer(string path)
    {
        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var entries = RecognitionYaml.Entries(file, root, "normalization", "traditional", "replacements", "particles");
        var characters = new Dictionary<char, char>();
        if (entries.TryGetValue("traditional", out var traditional))
        {
            foreach (var (pair, line) in RecognitionYaml.Texts(file, traditional, "traditional"))
            {
                if (pair.Length != 2)
                {
                    throw new ContentException(file, line, $"traditional: '{pair}' must be two characters, the variant then the simplified one");
                }

                characters[pair[0]] = pair[1];
            }
        }

        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entries.TryGetValue("replacements", out var node))
        {
            foreach (var (key, value) in RecognitionYaml.Mapping(file, node, "replacements").Children)
            {
                var from = RecognitionYaml.Text(file, key, "a replaced text");
                if (!replacements.TryAdd(from, value is YamlScalarNode { Value: { } to } ? to.Trim() : throw new ContentException(file, value.Start.Line, $"replacement of '{from}' must be a text")))
                {
                    throw new ContentException(file, key.Start.Line, $"'{from}' is replaced twice");
                }
            }
        }

        var particles = entries.TryGetValue("particles", out var p) ? RecognitionYaml.Text(file, p, "particles") : string.Empty;
        return new TextNormalizer(characters, replacements, particles.Where(c => !char.IsWhiteSpace(c)));
    }

    /// <summary>Reads entities.yaml: statuses [{code, name, aliases}] and project_generic_words.</summary>
    public static (IReadOnlyList<GazetteerEntry> Statuses, IReadOnlyList<string> GenericWords) LoadEntities(string path)
    {
        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var entries = RecognitionYaml.Entries(file, root, "entities", "statuses", "project_generic_words");
        var statuses = entries.TryGetValue("statuses", out var s) ? ReadNamed(file, s, "statuses", "status", partial: false) : [];
        var generic = entries.TryGetValue("project_generic_words", out var g) ? RecognitionYaml.Texts(file, g, "project_generic_words").Select(t => t.Text).ToList() : [];
        return (statuses, generic);
    }

    /// <summary>
    /// The names of catalog.yaml as gazetteer entries: stages → "stage", items → "item", project_types →
    /// "project_type". Only code, name and aliases are read; the catalog loader checks the rest.
    /// </summary>
    public static IReadOnlyList<GazetteerEntry> LoadCatalogNames(string path)
    {
        var file = Path.GetFileName(path);
        var root = RecognitionYaml.LoadRoot(path);
        var entries = RecognitionYaml.Entries(file, root, "catalog");
        var names = new List<GazetteerEntry>();
        foreach (var (key, entity) in new[] { ("stages", "stage"), ("items", "item"), ("project_types", "project_type"), ("departments", "department") })
        {
            if (entries.TryGetValue(key, out var list))
            {
                names.AddRange(ReadNamed(file, list, key, entity, partial: true));
            }
        }

        return names;
    }

    private static List<GazetteerEntry> ReadNamed(string file, YamlNode list, string what, string entity, bool partial)
    {
        var result = new List<GazetteerEntry>();
        foreach (var node in RecognitionYaml.Sequence(file, list, what).Children)
        {
            var map = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, $"an entry of {what}"), what);
            if (!map.TryGetValue("code", out var code) || !map.TryGetValue("name", out var name))
            {
                throw new ContentException(file, node.Start.Line, $"an entry of {what} needs a code and a name");
            }

            var aliases = map.TryGetValue("aliases", out var a) ? RecognitionYaml.Texts(file, a, "aliases").Select(t => t.Text).ToList() : [];
            result.Add(new GazetteerEntry(entity, RecognitionYaml.Text(file, code, "code"), RecognitionYaml.Text(file, name, "name"), aliases, partial));
        }

        return result;
    }
}
