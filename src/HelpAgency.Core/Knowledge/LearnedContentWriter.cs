using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Writes what supervisors taught (learned_phrasings) back into dialogs/: an intent's example under its
/// <c>examples:</c> in dialogs/intents/*.yaml, a knowledge entry's paraphrase under its <c>paraphrases:</c> in
/// dialogs/knowledge/*.yaml. The files are edited as text, so their comments and order stay; a phrasing already in the
/// list is left out. The result is loaded as content before anything is written, so a bad merge writes nothing.
/// </summary>
public static class LearnedContentWriter
{
    /// <summary>What a merge did: phrasings added per file, and those already present or whose target no file has.</summary>
    public sealed record Outcome(IReadOnlyDictionary<string, int> Added, int AlreadyPresent, IReadOnlyList<string> Unplaced);

    /// <summary>Merges <paramref name="learned"/> into the YAML files of <paramref name="dialogsFolder"/>.</summary>
    public static Outcome Merge(string dialogsFolder, IReadOnlyList<LearnedPhrasing> learned)
    {
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var folder in new[] { IntentSet.Folder, KnowledgeBase.Folder })
        {
            foreach (var path in Directory.GetFiles(Path.Combine(dialogsFolder, folder), "*.yaml").Order(StringComparer.Ordinal))
            {
                files[path] = [.. File.ReadAllLines(path)];
            }
        }

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var present = 0;
        var unplaced = new List<string>();
        foreach (var phrasing in learned)
        {
            var (folder, owner, list) = phrasing.Kind == LearnedPhrasing.Kinds.Intent
                ? (IntentSet.Folder, $"- name: {phrasing.Target}", "examples:")
                : (KnowledgeBase.Folder, $"- id: {phrasing.Target}", "paraphrases:");
            var placed = false;
            foreach (var (path, lines) in files.Where(f => Path.GetFileName(Path.GetDirectoryName(f.Key)) == folder))
            {
                switch (Insert(lines, owner, list, phrasing.Text))
                {
                    case Placement.Added:
                        added[path] = added.GetValueOrDefault(path) + 1;
                        placed = true;
                        break;
                    case Placement.Present:
                        present++;
                        placed = true;
                        break;
                }

                if (placed)
                {
                    break;
                }
            }

            if (!placed)
            {
                unplaced.Add($"{phrasing.Kind} {phrasing.Target}: {phrasing.Text}");
            }
        }

        Validate(dialogsFolder, files, added.Keys);
        foreach (var path in added.Keys)
        {
            File.WriteAllLines(path, files[path]);
        }

        return new Outcome(added, present, unplaced);
    }

    private enum Placement
    {
        NotHere,
        Present,
        Added,
    }

    /// <summary>Adds <paramref name="text"/> at the end of the block list <paramref name="list"/> of the item opened by <paramref name="owner"/>.</summary>
    private static Placement Insert(List<string> lines, string owner, string list, string text)
    {
        var start = lines.FindIndex(l => l.Trim() == owner);
        if (start < 0)
        {
            return Placement.NotHere;
        }

        // The owner's block ends at the next line as far left as its dash (the next entry, or a top-level key).
        var ownerIndent = Indent(lines[start]);
        var end = start + 1;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].TrimStart().StartsWith('#') || Indent(lines[end]) > ownerIndent))
        {
            end++;
        }

        var header = lines.FindIndex(start, end - start, l => l.Trim() == list);
        if (header < 0)
        {
            // No list yet: open one right under the owner's first line.
            lines.Insert(start + 1, new string(' ', ownerIndent + 2) + list);
            lines.Insert(start + 2, new string(' ', ownerIndent + 4) + "- " + Quote(text));
            return Placement.Added;
        }

        var itemIndent = -1;
        var last = header;
        for (var i = header + 1; i < end; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("- ", StringComparison.Ordinal) || (itemIndent >= 0 && Indent(lines[i]) != itemIndent))
            {
                if (trimmed.StartsWith('#'))
                {
                    continue;
                }

                break;
            }

            itemIndent = Indent(lines[i]);
            if (Unquote(trimmed[2..].Trim()) == text)
            {
                return Placement.Present;
            }

            last = i;
        }

        lines.Insert(last + 1, new string(' ', itemIndent >= 0 ? itemIndent : Indent(lines[header]) + 2) + "- " + Quote(text));
        return Placement.Added;
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    /// <summary>Plain when YAML reads it back as the same text, double-quoted otherwise.</summary>
    private static string Quote(string text) =>
        text.IndexOfAny([':', '#', '"', '\'', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '\\']) < 0 && text.Trim() == text && text.Length > 0 && text[0] != '-' && text[0] != '?'
            ? text
            : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
        : value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1].Replace("''", "'", StringComparison.Ordinal)
        : value;

    /// <summary>Loads the merged files from a scratch copy of dialogs/ as the host would; throws (writing nothing) when they do not load.</summary>
    private static void Validate(string dialogsFolder, Dictionary<string, List<string>> files, IEnumerable<string> changed)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "helpagency-learned-" + Guid.NewGuid().ToString("N"));
        try
        {
            Folders.Copy(dialogsFolder, scratch);
            foreach (var path in changed)
            {
                File.WriteAllLines(Path.Combine(scratch, Path.GetRelativePath(dialogsFolder, path)), files[path]);
            }

            RecognitionContent.Load(scratch);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }
}
