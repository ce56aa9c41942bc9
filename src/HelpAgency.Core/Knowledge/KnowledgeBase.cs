using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// The entries of dialogs/knowledge/*.yaml, checked at start: unique ids, a question, an answer of at most
/// <see cref="MaxAnswerLength"/> characters, known item and stage codes, a source and a certainty.
/// </summary>
public sealed class KnowledgeBase
{
    public const string Folder = "knowledge";

    /// <summary>The issue asks for about 300 characters; a little markdown is allowed on top.</summary>
    public const int MaxAnswerLength = 400;

    private readonly Dictionary<string, KnowledgeEntry> _byId;

    public KnowledgeBase(IReadOnlyList<KnowledgeEntry> entries)
    {
        Entries = entries;
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    public static KnowledgeBase Empty { get; } = new([]);

    public IReadOnlyList<KnowledgeEntry> Entries { get; }

    /// <summary>Words the segmenter keeps whole when it cuts questions for this base (lexicon.yaml's words).</summary>
    public IReadOnlyList<string> Vocabulary { get; init; } = [];

    public KnowledgeEntry? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads every *.yaml of <paramref name="folder"/> (none when it does not exist), checking codes against the catalog's.</summary>
    public static KnowledgeBase Load(string folder, CatalogCodes catalog)
    {
        if (!Directory.Exists(folder))
        {
            return Empty;
        }

        var entries = new List<KnowledgeEntry>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            var root = RecognitionYaml.LoadRoot(path);
            var top = RecognitionYaml.Entries(file, root, "knowledge", "entries");
            if (!top.TryGetValue("entries", out var list))
            {
                throw new ContentException(file, root.Start.Line, "knowledge: expected a list 'entries'");
            }

            foreach (var node in RecognitionYaml.Sequence(file, list, "entries").Children)
            {
                var entry = ReadEntry(file, node, catalog);
                if (!seen.TryAdd(entry.Id, $"{file}:{entry.Line}"))
                {
                    throw new ContentException(file, entry.Line, $"knowledge entry id '{entry.Id}' is used twice (first at {seen[entry.Id]})");
                }

                entries.Add(entry);
            }
        }

        return new KnowledgeBase(entries);
    }

    private static KnowledgeEntry ReadEntry(string file, YamlNode node, CatalogCodes catalog)
    {
        var map = RecognitionYaml.Entries(file, RecognitionYaml.Mapping(file, node, "a knowledge entry"), "a knowledge entry",
            "id", "question", "paraphrases", "answer", "items", "stages", "source", "certainty", "aspects");
        var line = node.Start.Line;
        string Required(string key) => map.TryGetValue(key, out var value)
            ? RecognitionYaml.Text(file, value, key)
            : throw new ContentException(file, line, $"a knowledge entry needs '{key}'");

        var id = Required("id");
        var answer = Required("answer");
        if (answer.Length > MaxAnswerLength)
        {
            throw new ContentException(file, map["answer"].Start.Line, $"entry '{id}': the answer has {answer.Length} characters, more than {MaxAnswerLength}");
        }

        var certaintyText = Required("certainty");
        if (!Enum.TryParse<Certainty>(certaintyText, ignoreCase: true, out var certainty) || !Enum.IsDefined(certainty))
        {
            throw new ContentException(file, map["certainty"].Start.Line, $"entry '{id}': certainty must be verified, general or unverified, not '{certaintyText}'");
        }

        var aspects = map.TryGetValue("aspects", out var aspectNode) ? RecognitionYaml.Texts(file, aspectNode, "aspects") : [];
        foreach (var (aspect, aspectLine) in aspects.Where(a => !KnowledgeAspects.All.Contains(a.Text)))
        {
            throw new ContentException(file, aspectLine, $"entry '{id}': unknown aspect '{aspect}' (one of {string.Join(", ", KnowledgeAspects.All)})");
        }

        return new KnowledgeEntry(
            id,
            Required("question"),
            TextList(file, map, "paraphrases"),
            answer,
            Codes(file, map, "items", id, catalog.Items),
            Codes(file, map, "stages", id, catalog.Stages),
            Required("source"),
            certainty,
            file,
            line)
        { Aspects = [.. aspects.Select(a => a.Text)] };
    }

    private static List<string> TextList(string file, Dictionary<string, YamlNode> map, string key) =>
        map.TryGetValue(key, out var node) ? [.. RecognitionYaml.Texts(file, node, key).Select(t => t.Text)] : [];

    private static List<string> Codes(string file, Dictionary<string, YamlNode> map, string key, string id, IReadOnlySet<string> known)
    {
        if (!map.TryGetValue(key, out var node))
        {
            return [];
        }

        var codes = RecognitionYaml.Texts(file, node, key);
        foreach (var (code, line) in codes.Where(c => !known.Contains(c.Text)))
        {
            throw new ContentException(file, line, $"entry '{id}': unknown {key[..^1]} code '{code}'");
        }

        return [.. codes.Select(c => c.Text)];
    }
}
