namespace HelpAgency.Core.Recognition;

/// <summary>
/// One thing the recognizer can find by name, e.g. entity "item", value "SG04", name "建筑工程施工许可证核发", with
/// its synonyms (aliases). <paramref name="MatchPartial"/> lets a long enough part of a name find it too.
/// </summary>
public sealed record GazetteerEntry(string Entity, string Value, string Name, IReadOnlyList<string> Synonyms, bool MatchPartial = true);
