namespace HelpAgency.Core.Recognition;

/// <summary>What the recognizer should know about the user: the names of the projects they may see.</summary>
public sealed record RecognitionContext(IReadOnlyList<string> Projects)
{
    public static RecognitionContext None { get; } = new([]);
}
