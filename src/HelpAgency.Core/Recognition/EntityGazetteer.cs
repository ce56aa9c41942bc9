namespace HelpAgency.Core.Recognition;

/// <summary>
/// Finds catalog names (items, stages, project types) and other fixed vocabularies (statuses) in normalised
/// text: whole names and aliases exactly, the longest first, and a long enough part of a name (e.g.
/// "施工图设计文件审查" inside a longer official name) when few entries share that part.
/// </summary>
public sealed class EntityGazetteer
{
    /// <summary>A part of a name shorter than this is not enough to name an entry.</summary>
    public const int PartialMinLength = 4;

    /// <summary>A part of a name shared by more entries than this is too generic (e.g. "建设工程").</summary>
    public const int PartialMaxEntries = 2;

    /// <summary>Names this long or longer are found with one character mistyped (施工许可正, 竣工验收被案); shorter ones only as written.</summary>
    public const int NearMissMinLength = 4;

    /// <summary>Longer names are found in part already; a user types the short ones.</summary>
    public const int NearMissMaxLength = 8;

    private const char Wildcard = '\uFFFF';

    private static readonly HashSet<string> NearMissKinds = new(StringComparer.Ordinal) { "item", "stage", "department", "project_type" };

    private readonly GazetteerEntry[] _entries;
    private readonly int[] _nameLengths;
    private readonly Node _root = new();

    // A name with one character replaced by the wildcard → the entry (-1 when two entries share the pattern).
    private readonly Dictionary<string, int> _nearMisses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _nearMissLookup;

    // Each pattern's name's first two characters and its third and fourth, with its length. A window matches a pattern
    // only if it has the name's first two (the wildcard comes later) or its third and fourth (the wildcard is one of the
    // first two), so a window with neither skips its lookup per character, the most of the scan.
    private readonly HashSet<long> _nearMissPairs = [];

    // A word several entries share → each entry with its cue words.
    private readonly (string Word, (int Id, string[] Cues)[] Owners)[] _cued;

    public EntityGazetteer(IEnumerable<GazetteerEntry> entries, TextNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        Normalizer = normalizer;
        _entries = [.. entries];
        _nameLengths = new int[_entries.Length];
        for (var id = 0; id < _entries.Length; id++)
        {
            var entry = _entries[id];
            _nameLengths[id] = int.MaxValue;
            foreach (var synonym in new[] { entry.Name, entry.Value }.Concat(entry.Synonyms).Distinct(StringComparer.Ordinal))
            {
                var key = normalizer.Normalize(synonym).Text;
                if (key.Length == 0)
                {
                    continue;
                }

                _nameLengths[id] = Math.Min(_nameLengths[id], key.Length);
                AddExact(key, id);
                if (entry.MatchPartial)
                {
                    for (var start = 1; start < key.Length; start++)
                    {
                        AddPartial(key.AsSpan(start), id);
                    }

                    AddPartial(key, id);
                }
            }
        }

        _cued = [.. _entries.SelectMany((e, id) => e.CuedNames.Select(c => (c.Word, Id: id, Cues: c.Cues.ToArray())))
            .GroupBy(c => c.Word, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(c => (c.Id, c.Cues)).ToArray()))];
        AddNearMisses(normalizer);
        _nearMissLookup = _nearMisses.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private void AddNearMisses(TextNormalizer normalizer)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<(string Key, int Id)>();
        for (var id = 0; id < _entries.Length; id++)
        {
            foreach (var synonym in _entries[id].Synonyms.Append(_entries[id].Name))
            {
                var key = normalizer.Normalize(synonym).Text;
                exact.Add(key);
                if (NearMissKinds.Contains(_entries[id].Entity) && key.Length is >= NearMissMinLength and <= NearMissMaxLength && !key.Any(char.IsAsciiDigit))
                {
                    names.Add((key, id));
                }
            }
        }

        foreach (var (key, id) in names)
        {
            for (var p = 0; p < key.Length; p++)
            {
                // "施工许可" + any character is no mistyped 施工许可证: a name with one more character at either end is left alone.
                if ((p == key.Length - 1 && exact.Contains(key[..^1])) || (p == 0 && exact.Contains(key[1..])))
                {
                    continue;
                }

                var pattern = string.Concat(key.AsSpan(0, p), Wildcard.ToString(), key.AsSpan(p + 1));
                _nearMisses[pattern] = _nearMisses.TryGetValue(pattern, out var other) && other != id ? -1 : id;
                _nearMissPairs.Add(Pair(key.Length, 0, key[0], key[1]));
                _nearMissPairs.Add(Pair(key.Length, 2, key[2], key[3]));
            }
        }
    }

    /// <summary>An empty gazetteer.</summary>
    public static EntityGazetteer Empty { get; } = new([], TextNormalizer.Plain);

    public IReadOnlyList<GazetteerEntry> Entries => _entries;

    public TextNormalizer Normalizer { get; }

    /// <summary>The entities named in <paramref name="text"/>, at offsets into it.</summary>
    public IReadOnlyList<RecognizedEntity> Find(string text)
    {
        var normalized = Normalizer.Normalize(text);
        var spans = new List<EntitySpan>();
        Collect(normalized.Text, spans);
        return [.. EntitySpan.SelectNonOverlapping(spans).Select(s =>
        {
            var (start, end) = normalized.ToOriginal(s.Start, s.End);
            return new RecognizedEntity(s.Entity, s.Value, s.Name, start, end);
        })];
    }

    /// <summary>Adds every candidate match in <paramref name="text"/> (normalised) to <paramref name="output"/>.</summary>
    internal void Collect(string text, List<EntitySpan> output)
    {
        for (var start = 0; start < text.Length; start++)
        {
            var node = _root;
            var depth = 0;
            var exactId = -1;
            var exactDepth = 0;
            Node? deepest = null;
            var partialDepth = 0;
            while (start + depth < text.Length && node.Children is { } children && children.TryGetValue(text[start + depth], out var next))
            {
                node = next;
                depth++;
                if (node.Exact >= 0)
                {
                    exactId = node.Exact;
                    exactDepth = depth;
                }

                if (node.Entries.Count > 0)
                {
                    deepest = node;
                    partialDepth = depth;
                }
            }

            if (exactId >= 0)
            {
                output.Add(Span(start, start + exactDepth, exactId, exact: true));
            }

            if (deepest is not null && partialDepth >= PartialMinLength && partialDepth > exactDepth && deepest.Entries.Count <= PartialMaxEntries)
            {
                // Of the entries sharing the part, the one it covers most is meant.
                var best = deepest.Entries.OrderBy(id => _nameLengths[id]).ThenBy(id => id).First();
                output.Add(Span(start, start + partialDepth, best, exact: false));
            }
        }

        CollectCued(text, output);
        CollectNearMisses(text, output);
        ResolveNamesakes(text, output);
    }

    /// <summary>
    /// A shared word (人防, 消防) not inside a longer name (a part of several official names does not count): the entry whose cue words the text holds when only one entry's do
    /// ("人防要不要建" → the 人防 approval; "人防验收找谁" was already a name); nothing when none's or several entries' do.
    /// </summary>
    private void CollectCued(string text, List<EntitySpan> output)
    {
        var found = output.Count;
        foreach (var (word, owners) in _cued)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                if (Covered(output, found, at, at + word.Length, exactOnly: true))
                {
                    continue;
                }

                var meant = -1;
                foreach (var (id, cues) in owners)
                {
                    if (cues.Any(c => text.Contains(c, StringComparison.Ordinal)))
                    {
                        meant = meant == -1 ? id : -2;
                    }
                }

                if (meant >= 0)
                {
                    output.Add(Span(at, at + word.Length, meant, exact: true));
                }
            }
        }
    }

    /// <summary>Names mistyped by one character, where no name of at least that length was found as written.</summary>
    private void CollectNearMisses(string text, List<EntitySpan> output)
    {
        if (_nearMisses.Count == 0)
        {
            return;
        }

        var found = output.Count;
        Span<char> window = stackalloc char[NearMissMaxLength];
        for (var start = 0; start + NearMissMinLength <= text.Length; start++)
        {
            for (var length = NearMissMinLength; length <= NearMissMaxLength && start + length <= text.Length; length++)
            {
                if (Covered(output, found, start, start + length))
                {
                    continue;
                }

                var piece = text.AsSpan(start, length);
                if (piece.Contains(' ') || piece.ContainsAnyInRange('0', '9'))
                {
                    break;
                }

                if (!_nearMissPairs.Contains(Pair(length, 0, piece[0], piece[1])) && !_nearMissPairs.Contains(Pair(length, 2, piece[2], piece[3])))
                {
                    continue;
                }

                piece.CopyTo(window);
                for (var p = 0; p < length; p++)
                {
                    window[p] = Wildcard;
                    if (_nearMissLookup.TryGetValue(window[..length], out var id) && id >= 0)
                    {
                        output.Add(Span(start, start + length, id, exact: false));
                    }

                    window[p] = piece[p];
                }
            }
        }
    }

    /// <summary>Two characters at <paramref name="offset"/> (0 or 2) of a name <paramref name="length"/> long, as one key.</summary>
    private static long Pair(int length, int offset, char first, char second) => ((long)length << 40) | ((long)offset << 32) | ((long)first << 16) | second;

    /// <summary>
    /// Whether a name found as written already covers [start, end) or more; with <paramref name="exactOnly"/>, a whole name
    /// or alias, not a part of one.
    /// </summary>
    private static bool Covered(List<EntitySpan> found, int count, int start, int end, bool exactOnly = false)
    {
        for (var i = 0; i < count; i++)
        {
            if ((found[i].Exact || !exactOnly) && found[i].Start <= start && found[i].End >= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A namesake stage's bare name (施工许可) means its item unless the text speaks of the stage as a whole.</summary>
    private static void ResolveNamesakes(string text, List<EntitySpan> output)
    {
        for (var i = 0; i < output.Count; i++)
        {
            if (output[i].Entity == "stage" && output[i].Namesake is { } item && !output[i].StageWords.Any(w => text.Contains(w, StringComparison.Ordinal)))
            {
                output[i] = output[i] with { Entity = item.Entity, Value = item.Value, Name = item.Name, Namesake = null };
            }
        }
    }

    private EntitySpan Span(int start, int end, int id, bool exact)
    {
        var entry = _entries[id];
        return new EntitySpan(start, end, entry.Entity, entry.Value, entry.Name, exact) { Namesake = entry.Namesake, StageWords = entry.StageWords };
    }

    private void AddExact(string key, int id)
    {
        var node = Walk(key);
        if (node.Exact < 0)
        {
            node.Exact = id;
        }
    }

    private void AddPartial(ReadOnlySpan<char> key, int id)
    {
        var node = _root;
        foreach (var c in key)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var next))
            {
                next = new Node();
                node.Children[c] = next;
            }

            node = next;
            if (!node.Entries.Contains(id))
            {
                node.Entries.Add(id);
            }
        }
    }

    private Node Walk(string key)
    {
        var node = _root;
        foreach (var c in key)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var next))
            {
                next = new Node();
                node.Children[c] = next;
            }

            node = next;
        }

        return node;
    }

    private sealed class Node
    {
        public Dictionary<char, Node>? Children { get; set; }

        /// <summary>The entry whose whole name or alias ends here, or -1.</summary>
        public int Exact { get; set; } = -1;

        /// <summary>The entries with a partially matchable name containing the path to here.</summary>
        public List<int> Entries { get; } = [];
    }
}
