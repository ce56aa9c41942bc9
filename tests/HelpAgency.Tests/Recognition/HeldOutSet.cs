using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Recognition;

/// <summary>The held-out utterances of heldout.tsv: (expected intent, text, line).</summary>
public static class HeldOutSet
{
    public static IReadOnlyList<(string Intent, string Text, int Line)> Load()
    {
        var path = Path.Combine(RepositoryRoot.Path, "tests", "HelpAgency.Tests", "Recognition", "heldout.tsv");
        var rows = new List<(string, string, int)>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var parts = lines[i].Split('\t');
            if (parts.Length != 2)
            {
                throw new InvalidDataException($"heldout.tsv:{i + 1}: expected intent<TAB>text");
            }

            rows.Add((parts[0], parts[1], i + 1));
        }

        return rows;
    }
}
