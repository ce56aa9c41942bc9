using System.Globalization;
using HelpAgency.Core.Content;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// Reads one YAML mapping of a content file: typed values, rejection of unknown keys, and every problem
/// reported as a <see cref="ContentException"/> naming the file and the line.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    private YamlMap(string file, YamlMappingNode node, string what)
    {
        File = file;
        Node = node;
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } scalar)
            {
                throw new ContentException(file, keyNode.Start.Line, $"{what}: a key must be a non-empty text");
            }

            if (!_entries.TryAdd(key, (scalar, value)))
            {
                throw new ContentException(file, keyNode.Start.Line, $"{what}: key '{key}' appears twice");
            }
        }
    }

    public string File { get; }

    public YamlMappingNode Node { get; }

    public long Line => Node.Start.Line;

    /// <summary>Loads a whole file whose root must be a mapping.</summary>
    public static YamlMap LoadRoot(TextReader text, string file, string what)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new ContentException(file, ex.Start.Line, ex.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections; the last event read is the best position.
            throw new ContentException(file, parser.LastLine, "YAML syntax error after this line (an unclosed [ or { ?)");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ContentException(file, 1, $"expected a mapping at the top of the file ({what})");
        }

        return new YamlMap(file, root, what);
    }

    public static YamlMap From(string file, YamlNode node, string what) =>
        node is YamlMappingNode mapping
            ? new YamlMap(file, mapping, what)
            : throw new ContentException(file, node.Start.Line, $"{what}: expected a mapping of keys to values");

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>The nested mapping under <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlMap? Child(string key, string what)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        return entry.Value is YamlMappingNode node
            ? new YamlMap(File, node, what)
            : throw new ContentException(File, entry.Value.Start.Line, $"{what}: '{key}' must be a mapping");
    }

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>The line of <paramref name="key"/>'s value, or of the mapping when the key is absent.</summary>
    public long LineOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value.Start.Line : Line;

    /// <summary>Fails on the first key that is not in <paramref name="allowed"/>.</summary>
    public void AllowOnly(string what, params string[] allowed)
    {
        foreach (var (key, entry) in _entries)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                throw new ContentException(File, entry.Key.Start.Line, $"{what}: unknown key '{key}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    public string RequiredText(string key, string what) =>
        OptionalText(key, what) ?? throw new ContentException(File, LineOf(key), $"{what}: '{key}' is missing or empty");

    public string? OptionalText(string key, string what)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Value is not YamlScalarNode scalar)
        {
            throw new ContentException(File, entry.Value.Start.Line, $"{what}: '{key}' must be a text");
        }

        var value = scalar.Value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public int? OptionalInt(string key, string what)
    {
        var text = OptionalText(key, what);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ContentException(File, LineOf(key), $"{what}: '{key}' must be a whole number, not '{text}'");
    }

    public bool? OptionalBool(string key, string what)
    {
        var text = OptionalText(key, what);
        return text switch
        {
            null => null,
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw new ContentException(File, LineOf(key), $"{what}: '{key}' must be true or false, not '{text}'"),
        };
    }

    public DateOnly RequiredDate(string key, string what)
    {
        var text = RequiredText(key, what);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ContentException(File, LineOf(key), $"{what}: '{key}' must be a date like 2026-10-01, not '{text}'");
    }

    /// <summary>A list of texts; a single text is accepted as a list of one. Absent means empty.</summary>
    public List<(string Value, long Line)> TextList(string key, string what)
    {
        var result = new List<(string, long)>();
        if (!_entries.TryGetValue(key, out var entry))
        {
            return result;
        }

        IEnumerable<YamlNode> nodes = entry.Value is YamlSequenceNode sequence ? sequence.Children : [entry.Value];
        foreach (var node in nodes)
        {
            if (node is not YamlScalarNode { Value: { } raw } || raw.Trim().Length == 0)
            {
                throw new ContentException(File, node.Start.Line, $"{what}: every entry of '{key}' must be a non-empty text");
            }

            result.Add((raw.Trim(), node.Start.Line));
        }

        return result;
    }

    /// <summary>The nodes of a sequence under <paramref name="key"/>; absent means empty.</summary>
    public IReadOnlyList<YamlNode> Sequence(string key, string what)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return [];
        }

        return entry.Value switch
        {
            YamlSequenceNode sequence => sequence.Children.ToList(),
            YamlScalarNode { Value: null or "" } => [],
            _ => throw new ContentException(File, entry.Value.Start.Line, $"{what}: '{key}' must be a list"),
        };
    }

    /// <summary>Remembers where the last parsed event started, for errors the parser reports without a position.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public long LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current)
            {
                LastLine = current.Start.Line;
            }

            return moved;
        }
    }
}
