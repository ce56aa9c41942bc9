namespace HelpAgency.Core.Recognition;

/// <summary>A candidate entity at normalised offsets; <see cref="Exact"/> ones beat partial ones of the same length.</summary>
internal readonly record struct EntitySpan(int Start, int End, string Entity, string Value, string? Name, bool Exact)
{
    /// <summary>The item a stage's bare name may stand for (<see cref="GazetteerEntry.Namesake"/>).</summary>
    public GazetteerEntry? Namesake { get; init; }

    public IReadOnlyList<string> StageWords { get; init; } = [];

    public int Length => End - Start;

    /// <summary>Keeps the longest candidates that do not overlap, exact before partial, leftmost first.</summary>
    public static List<EntitySpan> SelectNonOverlapping(List<EntitySpan> candidates)
    {
        candidates.Sort(static (a, b) =>
        {
            var byLength = b.Length.CompareTo(a.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byExact = b.Exact.CompareTo(a.Exact);
            if (byExact != 0)
            {
                return byExact;
            }

            return a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Value, b.Value);
        });

        var chosen = new List<EntitySpan>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var overlaps = false;
            foreach (var taken in chosen)
            {
                // Two projects tied on the same span are both kept: the caller asks which one was meant.
                var sameSpanTie = taken.Start == candidate.Start && taken.End == candidate.End && taken.Entity == candidate.Entity && taken.Exact == candidate.Exact && taken.Value != candidate.Value;
                if (candidate.Start < taken.End && taken.Start < candidate.End && !sameSpanTie)
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                chosen.Add(candidate);
            }
        }

        chosen.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Value, b.Value));
        return chosen;
    }
}
