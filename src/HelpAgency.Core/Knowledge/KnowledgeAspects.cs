namespace HelpAgency.Core.Knowledge;

/// <summary>
/// The aspects of an item a question may ask for and a knowledge entry may give (<see cref="KnowledgeEntry.Aspects"/>);
/// the words that ask for each are content (bot.yaml, <c>recognition.aspect_cues</c>).
/// </summary>
public static class KnowledgeAspects
{
    public const string TimeLimit = "time_limit";
    public const string Fee = "fee";
    public const string Department = "department";
    public const string Materials = "materials";

    public static IReadOnlyList<string> All { get; } = [TimeLimit, Fee, Department, Materials];
}
