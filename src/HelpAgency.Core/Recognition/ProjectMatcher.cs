namespace HelpAgency.Core.Recognition;

/// <summary>
/// Finds which of a user's projects a text names, tolerating partial names ("智造园" for "光谷智造园"): the
/// longest common run of characters wins, as long as it is not only a generic word such as "光谷" or "项目".
/// </summary>
public sealed class ProjectMatcher
{
    private readonly TextNormalizer _normalizer;
    private readonly HashSet<string> _genericWords;

    public ProjectMatcher(TextNormalizer normalizer, IEnumerable<string> genericWords)
    {
        _normalizer = normalizer;
        _genericWords = [.. genericWords.Select(w => normalizer.Normalize(w).Text).Where(w => w.Length > 0)];
    }

    /// <summary>Adds the best matching project(s) to <paramref name="output"/>; ties are all added, so the caller can ask.</summary>
    internal void Collect(string text, IReadOnlyList<string> projects, List<EntitySpan> output)
    {
        var bestLength = 0;
        var bestRatio = 0.0;
        var best = new List<EntitySpan>();
        foreach (var project in projects)
        {
            var name = _normalizer.Normalize(project).Text;
            if (name.Length == 0)
            {
                continue;
            }

            var (start, length) = LongestCommonRun(text, name);
            if (!Acceptable(text.AsSpan(start, length), name))
            {
                continue;
            }

            var ratio = (double)length / name.Length;
            if (length > bestLength || (length == bestLength && ratio > bestRatio))
            {
                best.Clear();
                bestLength = length;
                bestRatio = ratio;
            }

            if (length == bestLength && ratio == bestRatio)
            {
                best.Add(new EntitySpan(start, start + length, "project", project, project, Exact: length == name.Length));
            }
        }

        output.AddRange(best.Take(3));
    }

    private bool Acceptable(ReadOnlySpan<char> run, string name)
    {
        if (run.Length < 2 || (run.Length == 2 && name.Length > 4))
        {
            return false;
        }

        // A run made only of generic words ("光谷项目") names no project in particular.
        var lookup = _genericWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var position = 0;
        while (position < run.Length)
        {
            var matched = 0;
            for (var length = run.Length - position; length > 0; length--)
            {
                if (lookup.Contains(run.Slice(position, length)))
                {
                    matched = length;
                    break;
                }
            }

            if (matched == 0)
            {
                return true;
            }

            position += matched;
        }

        return false;
    }

    private static (int Start, int Length) LongestCommonRun(string text, string name)
    {
        Span<int> previous = name.Length < 256 ? stackalloc int[name.Length + 1] : new int[name.Length + 1];
        Span<int> current = name.Length < 256 ? stackalloc int[name.Length + 1] : new int[name.Length + 1];
        var bestLength = 0;
        var bestEnd = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            current[0] = 0;
            for (var j = 1; j <= name.Length; j++)
            {
                current[j] = text[i - 1] == name[j - 1] ? previous[j - 1] + 1 : 0;
                if (current[j] > bestLength)
                {
                    bestLength = current[j];
                    bestEnd = i;
                }
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return (bestEnd - bestLength, bestLength);
    }
}
