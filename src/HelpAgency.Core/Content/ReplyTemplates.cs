using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Content;

/// <summary>
/// The bot's reply texts from dialogs/replies.yaml: each key holds one or more variations, so the
/// wording can be tuned without a build.
/// </summary>
public sealed class ReplyTemplates
{
    public const string FileName = "replies.yaml";

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _templates;

    public ReplyTemplates(IReadOnlyDictionary<string, IReadOnlyList<string>> templates) => _templates = templates;

    public IEnumerable<string> Keys => _templates.Keys;

    /// <summary>Picks a variation of <paramref name="key"/>; <paramref name="seed"/> makes the choice repeatable.</summary>
    public string Get(string key, long seed = 0)
    {
        if (!_templates.TryGetValue(key, out var variations))
        {
            throw new KeyNotFoundException($"No reply template '{key}' in {FileName}.");
        }

        return variations[(int)(Math.Abs(seed) % variations.Count)];
    }

    public bool Contains(string key) => _templates.ContainsKey(key);

    /// <summary>The values of a template's {placeholders}, named as the template names them.</summary>
    public static Dictionary<string, string> Values(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>A variation of <paramref name="key"/> with its {placeholders} filled ("name:display" first); unknown ones stay visible to be caught in tests.</summary>
    public string Render(string key, IReadOnlyDictionary<string, string> values, long seed = 0)
    {
        var template = Get(key, seed);
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            builder.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            builder.Append(values.TryGetValue(name + ":display", out var display) ? display
                : values.TryGetValue(name, out var value) ? value
                : template[open..(close + 1)]);
            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>The templates <see cref="Day"/> and <see cref="Time"/> use.</summary>
    public static readonly IReadOnlyList<string> DateKeys = ["date.day", "date.time"];

    /// <summary>A day as the replies write it (date.day: 11月25日).</summary>
    public string Day(DateOnly day) => Render("date.day", new Dictionary<string, string>
    {
        ["month"] = day.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["day"] = day.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>
    /// The template that announces a step planned for <paramref name="date"/>: <paramref name="key"/> while the date is still
    /// to come on <paramref name="today"/>, else its "_late" twin, worded without the date (请尽快): no message names a
    /// planned date already gone by.
    /// </summary>
    public static string PlannedKey(string key, DateOnly date, DateOnly today) => date < today ? key + "_late" : key;

    /// <summary>A moment in China time as the replies write it (date.time: 11月25日 09:30).</summary>
    public string Time(DateTimeOffset at)
    {
        var local = ChinaTime.Of(at);
        return Render("date.time", new Dictionary<string, string>
        {
            ["day"] = Day(DateOnly.FromDateTime(local.DateTime)),
            ["time"] = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Fails with the file and line unless every key in <paramref name="required"/> is present.</summary>
    public void Require(string file, IEnumerable<string> required)
    {
        var missing = required.Where(k => !_templates.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ContentException(file, 1, $"missing reply template(s): {string.Join(", ", missing)}");
        }
    }

    public static ReplyTemplates Load(string path)
    {
        var display = System.IO.Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ContentException(path, 0, "file not found");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, display);
    }

    public static ReplyTemplates Parse(TextReader text, string file)
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
            throw new ContentException(file, 1, "expected a mapping of template names to texts");
        }

        var templates = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ContentException(file, keyNode.Start.Line, "a template name must be a non-empty text");
            }

            if (templates.ContainsKey(key))
            {
                throw new ContentException(file, keyNode.Start.Line, $"template '{key}' is defined twice");
            }

            templates[key] = ReadVariations(file, key, valueNode);
        }

        return new ReplyTemplates(templates);
    }

    private static List<string> ReadVariations(string file, string key, YamlNode node)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        var variations = new List<string>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                throw new ContentException(file, item.Start.Line, $"template '{key}' must be a text or a list of texts");
            }

            variations.Add(value.Trim());
        }

        if (variations.Count == 0)
        {
            throw new ContentException(file, node.Start.Line, $"template '{key}' has no text");
        }

        return variations;
    }
}
