using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;

namespace HelpAgency.Core.Dialogs;

/// <summary>
/// The "dialogs" section of dialogs/bot.yaml: which intents work everywhere and which of them end a form, which are for
/// staff, how many attempts a form allows, the words that pick the first or second of two offered meanings, the words
/// naming the application's fields, and the words that answer a form's question.
/// </summary>
public sealed record BotSettings(
    IReadOnlySet<string> GlobalIntents,
    IReadOnlyDictionary<string, string?> FormEnders,
    IReadOnlySet<string> StaffIntents,
    int DefaultMaxAttempts,
    IReadOnlySet<string> FirstChoice,
    IReadOnlySet<string> SecondChoice,
    AnswerWords Words,
    IReadOnlyList<FieldWords>? Fields = null)
{
    public const string FileName = "bot.yaml";

    private const string What = "dialogs";

    public static BotSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ContentException(path, 0, "file not found");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, System.IO.Path.GetFileName(path));
    }

    public static BotSettings Parse(TextReader text, string file)
    {
        var root = YamlMap.LoadRoot(text, file, "bot settings");
        root.AllowOnly("bot settings", "recognition", "dialogs");
        var map = root.Child("dialogs", "bot settings") ?? throw new ContentException(file, root.Line, "bot settings: the 'dialogs' section is missing");
        map.AllowOnly(What, "global_intents", "form_enders", "staff_intents", "max_attempts", "ordinals", "words", "fields");
        var global = Required(map, "global_intents");
        var enders = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (map.Child("form_enders", What) is { } endersMap)
        {
            foreach (var intent in endersMap.Keys)
            {
                if (!global.Contains(intent))
                {
                    throw new ContentException(file, endersMap.LineOf(intent), $"{What}: form_enders names '{intent}', which is not one of the global_intents");
                }

                enders[intent] = endersMap.OptionalText(intent, What);
            }
        }

        var attempts = map.OptionalInt("max_attempts", What) ?? 3;
        if (attempts is < 1 or > 10)
        {
            throw new ContentException(file, map.LineOf("max_attempts"), $"{What}: max_attempts must be between 1 and 10");
        }

        var ordinals = map.Child("ordinals", What) ?? throw new ContentException(file, map.Line, $"{What}: 'ordinals' (first, second) is missing");
        ordinals.AllowOnly("ordinals", "first", "second");
        var fields = new List<FieldWords>();
        if (map.Child("fields", What) is { } fieldsMap)
        {
            foreach (var slot in fieldsMap.Keys)
            {
                var words = Required(fieldsMap, slot);
                fields.Add(new FieldWords(slot, fieldsMap.TextList(slot, What)[0].Value, words));
            }
        }

        return new BotSettings(global, enders, Required(map, "staff_intents"), attempts, Required(ordinals, "first"), Required(ordinals, "second"), ReadWords(map), fields);
    }

    private static AnswerWords ReadWords(YamlMap dialogs)
    {
        var map = dialogs.Child("words", What) ?? throw new ContentException(dialogs.File, dialogs.Line, $"{What}: 'words' ({string.Join(", ", AnswerWords.Keys)}) is missing");
        map.AllowOnly("words", [.. AnswerWords.Keys]);
        var missing = AnswerWords.Keys.Where(k => !map.Has(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ContentException(map.File, map.Line, $"{What}: words lacks {string.Join(", ", missing)}");
        }

        var words = AnswerWords.Keys.ToDictionary(k => k, k => Required(map, k).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (first, second) in AnswerWords.Opposites)
        {
            if (words[first].Intersect(words[second]).FirstOrDefault() is { } both)
            {
                var line = map.TextList(second, What).First(w => w.Value.ToLowerInvariant() == both).Line;
                throw new ContentException(map.File, line, $"{What}: '{both}' is in both words.{first} and words.{second}");
            }
        }

        return new AnswerWords(words["yes"], words["no"], words["nothing"], words["do_not_know"], words["change"], words["agree"], words["disagree"], words["all"], words["none_of_them"]);
    }

    /// <summary>
    /// The fields among <paramref name="filled"/> that <paramref name="text"/> names ("改一下手机号" names phone): the one
    /// whose word is longest, so "联系电话" is the phone and not the contact; null when none is named.
    /// </summary>
    public FieldWords? NamedField(string text, Func<string, bool> filled) =>
        (Fields ?? []).Where(f => filled(f.Slot))
            .SelectMany(f => f.Words.Where(w => text.Contains(w, StringComparison.Ordinal)).Select(w => (Field: f, w.Length)))
            .OrderByDescending(p => p.Length)
            .Select(p => p.Field)
            .FirstOrDefault();

    /// <summary>Which of two offered options <paramref name="text"/> picks by position (1/第一个/前者…), or null.</summary>
    public int? Ordinal(string text) => FirstChoice.Contains(text) ? 0 : SecondChoice.Contains(text) ? 1 : null;

    private static HashSet<string> Required(YamlMap map, string key)
    {
        var values = map.TextList(key, What);
        return values.Count > 0
            ? values.Select(v => v.Value).ToHashSet(StringComparer.Ordinal)
            : throw new ContentException(map.File, map.LineOf(key), $"{What}: '{key}' must list at least one entry");
    }
}

/// <summary>A form's field as people name it at the summary: its slot, the name the numbered list shows, and every word for it.</summary>
public sealed record FieldWords(string Slot, string Label, IReadOnlySet<string> Words);
