namespace HelpAgency.Core.Recognition;

/// <summary>
/// What the recognizer should know about the user: the names of the projects they may see, and the intents closed to
/// their role (a contact cannot update a case's progress, an assistant does not apply for the service), which are
/// never offered to them as a reading of an unsure message. Of those, the <paramref name="Refused"/> ones are still read
/// when the message plainly asks for one, so the user hears that it is not theirs (a contact typing a staff command).
/// </summary>
public sealed record RecognitionContext(IReadOnlyList<string> Projects, IReadOnlySet<string>? Closed = null, IReadOnlySet<string>? Refused = null)
{
    public static RecognitionContext None { get; } = new([]);
}
