namespace HelpAgency.Core.Recognition;

/// <summary>
/// What the recognizer should know about the user: the names of the projects they may see, and the intents closed to
/// their role (a contact cannot update a case's progress, an assistant does not apply for the service), which are
/// never offered to them as a reading of their message.
/// </summary>
public sealed record RecognitionContext(IReadOnlyList<string> Projects, IReadOnlySet<string>? Closed = null)
{
    public static RecognitionContext None { get; } = new([]);
}
