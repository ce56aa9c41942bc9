using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;

namespace HelpAgency.Core.Dialogs;

/// <summary>dialogs/bot.yaml: how sure the recognizer must be, which intents work everywhere, how hand-off works.</summary>
public sealed record BotSettings(
    double AcceptThreshold,
    double ClarifyThreshold,
    double AcceptMargin,
    IReadOnlySet<string> GlobalIntents,
    IReadOnlySet<string> StaffIntents,
    int DefaultMaxAttempts)
{
    public const string FileName = "bot.yaml";

    public static BotSettings Default { get; } = new(0.6, 0.35, 0.1,
        new HashSet<string> { "cancel", "help", "handoff", "progress_query" },
        new HashSet<string> { "update_progress", "log_service", "raise_coordination", "schedule_meeting", "my_tasks" },
        3);

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
        root.AllowOnly("bot settings", "thresholds", "global_intents", "staff_intents", "max_attempts", "recognizer");
        var settings = Default;
        if (root.Child("thresholds", "bot settings") is { } t)
        {
            t.AllowOnly("thresholds", "accept", "clarify", "margin");
            settings = settings with
            {
                AcceptThreshold = Probability(t, "accept") ?? settings.AcceptThreshold,
                ClarifyThreshold = Probability(t, "clarify") ?? settings.ClarifyThreshold,
                AcceptMargin = Probability(t, "margin") ?? settings.AcceptMargin,
            };
            if (settings.ClarifyThreshold > settings.AcceptThreshold)
            {
                throw new ContentException(file, t.LineOf("clarify"), "thresholds: 'clarify' must not be above 'accept'");
            }
        }

        if (root.Has("global_intents"))
        {
            settings = settings with { GlobalIntents = root.TextList("global_intents", "bot settings").Select(v => v.Value).ToHashSet() };
        }

        if (root.Has("staff_intents"))
        {
            settings = settings with { StaffIntents = root.TextList("staff_intents", "bot settings").Select(v => v.Value).ToHashSet() };
        }

        if (root.OptionalInt("max_attempts", "bot settings") is { } attempts)
        {
            if (attempts is < 1 or > 10)
            {
                throw new ContentException(file, root.LineOf("max_attempts"), "max_attempts must be between 1 and 10");
            }

            settings = settings with { DefaultMaxAttempts = attempts };
        }

        return settings;
    }

    private static double? Probability(YamlMap map, string key)
    {
        var text = map.OptionalText(key, "thresholds");
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            throw new ContentException(map.File, map.LineOf(key), $"thresholds: '{key}' must be a number from 0 to 1");
        }

        return value;
    }
}
