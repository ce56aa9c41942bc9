namespace HelpAgency.Core.Recognition;

/// <summary>
/// An entity found in a user's text, in Rasa's shape: <paramref name="Start"/> and <paramref name="End"/> are
/// offsets [start, end) into the original text; <paramref name="Name"/> is the catalog name where there is one.
/// </summary>
public sealed record RecognizedEntity(string Entity, string Value, string? Name, int Start, int End);
