using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;

namespace HelpAgency.Core.Dialogs;

/// <summary>The "dialogs" section of dialogs/bot.yaml: which intents work everywhere, which are for staff, how many attempts a form allows.</summary>
public sealed record BotSettings(IReadOnlySet<string> GlobalIntents, IReadOnlySet<string> StaffIntents, int DefaultMaxAttempts)
{
    public const string FileName = "bot.yaml";

    public static BotSettings Default { get; } = new(
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
        root.AllowOnly("bot settings", "recognition", "dialogs");
        if (root.Child("dialogs", "bot settings") is not { } map)
        {
            return Default;
        }

        map.AllowOnly("dialogs", "global_intents", "staff_intents", "max_attempts");
        var settings = Default;
        if (map.Has("global_intents"))
        {
            settings = settings with { GlobalIntents = map.TextList("global_intents", "dialogs").Select(v => v.Value).ToHashSet() };
        }

        if (map.Has("staff_intents"))
        {
            settings = settings with { StaffIntents = map.TextList("staff_intents", "dialogs").Select(v => v.Value).ToHashSet() };
        }

        if (map.OptionalInt("max_attempts", "dialogs") is { } attempts)
        {
            if (attempts is < 1 or > 10)
            {
                throw new ContentException(file, map.LineOf("max_attempts"), "dialogs: max_attempts must be between 1 and 10");
            }

            settings = settings with { DefaultMaxAttempts = attempts };
        }

        return settings;
    }
}
