namespace HelpAgency.Core.Recognition;

/// <summary>
/// One thing the recognizer can find by name, e.g. entity "item", value "SG04", name "建筑工程施工许可证核发", with
/// its synonyms (aliases). <paramref name="MatchPartial"/> lets a long enough part of a name find it too.
/// </summary>
public sealed record GazetteerEntry(string Entity, string Value, string Name, IReadOnlyList<string> Synonyms, bool MatchPartial = true)
{
    /// <summary>
    /// For a stage whose bare name is also the everyday name of one item (施工许可 for the 施工许可证): that item, meant
    /// by the bare name unless the text speaks of the stage as a whole (<see cref="StageWords"/>).
    /// </summary>
    public GazetteerEntry? Namesake { get; init; }

    /// <summary>Words that make a stage's bare name mean the stage rather than its <see cref="Namesake"/> (阶段, 环节, 哪些).</summary>
    public IReadOnlyList<string> StageWords { get; init; } = [];

    /// <summary>
    /// Everyday words this entry shares with another (人防 for the 人防 approval and the 人防 acceptance): each names this
    /// entry when the message holds one of its cue words and none of the other entries'.
    /// </summary>
    public IReadOnlyList<CuedName> CuedNames { get; init; } = [];
}

/// <summary>A word several entries share (normalised), and the words near it that make it mean one of them.</summary>
public sealed record CuedName(string Word, IReadOnlyList<string> Cues);
