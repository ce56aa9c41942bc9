using HelpAgency.Core.Content;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Recognition;

/// <summary>Small readers for the recognition content files; every problem names the file and the line.</summary>
internal static class RecognitionYaml
{
    public static YamlMappingNode LoadRoot(string path)
    {
        if (!File.Exists(path))
        {
            throw new ContentException(path, 0, "file not found");
        }

        using var reader = new StreamReader(path);
        return LoadRoot(reader, Path.GetFileName(path));
    }

    public static YamlMappingNode LoadRoot(TextReader text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(text);
        }
        catch (YamlException ex)
        {
            throw new ContentException(file, ex.Start.Line, ex.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ContentException(file, 1, "expected a mapping at the top of the file");
        }

        return root;
    }

    /// <summary>The mapping's entries by key, refusing keys not in <paramref name="allowed"/> (null: any).</summary>
    public static Dictionary<string, YamlNode> Entries(string file, YamlMappingNode node, string what, params string[]? allowed)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                throw new ContentException(file, keyNode.Start.Line, $"{what}: a key must be a non-empty text");
            }

            if (allowed is { Length: > 0 } && !allowed.Contains(key))
            {
                throw new ContentException(file, keyNode.Start.Line, $"{what}: unknown key '{key}' (expected one of {string.Join(", ", allowed)})");
            }

            if (!entries.TryAdd(key, value))
            {
                throw new ContentException(file, keyNode.Start.Line, $"{what}: key '{key}' appears twice");
            }
        }

        return entries;
    }

    public static string Text(string file, YamlNode node, string what)
    {
        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            throw new ContentException(file, node.Start.Line, $"{what} must be a non-empty text");
        }

        return value.Trim();
    }

    public static double Number(string file, YamlNode node, string what, double min, double max)
    {
        var text = Text(file, node, what);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ContentException(file, node.Start.Line, $"{what} must be a number from {min} to {max}");
        }

        return value;
    }

    /// <summary>A list of texts, each with its line.</summary>
    public static List<(string Text, long Line)> Texts(string file, YamlNode node, string what)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw new ContentException(file, node.Start.Line, $"{what} must be a list");
        }

        return [.. sequence.Children.Select(child => (Text(file, child, $"an entry of {what}"), child.Start.Line))];
    }

    public static YamlSequenceNode Sequence(string file, YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw new ContentException(file, node.Start.Line, $"{what} must be a list");

    public static YamlMappingNode Mapping(string file, YamlNode node, string what) =>
        node as YamlMappingNode ?? throw new ContentException(file, node.Start.Line, $"{what} must be a mapping");
}
