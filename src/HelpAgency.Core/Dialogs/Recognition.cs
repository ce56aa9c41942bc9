namespace HelpAgency.Core.Dialogs;

/// <summary>An intent with its confidence, 0 to 1.</summary>
public sealed record IntentScore(string Name, double Confidence);

/// <summary>An entity found in the text: <see cref="Value"/> is canonical (an item code, an ISO date), <see cref="Name"/> is for people.</summary>
public sealed record EntityMatch(string Entity, string Value, string? Name, int Start, int End);

/// <summary>What the recognizer made of a text, in Rasa's vocabulary.</summary>
public sealed record Recognition(string Text, IntentScore Intent, IReadOnlyList<IntentScore> Ranking, IReadOnlyList<EntityMatch> Entities)
{
    public EntityMatch? Entity(string name) => Entities.FirstOrDefault(e => e.Entity == name);
}

/// <summary>Turns a user's text into an intent and entities; <paramref name="projectNames"/> are the projects the user may see.</summary>
public interface IIntentRecognizer
{
    Recognition Recognize(string text, IReadOnlyList<string> projectNames, DateTimeOffset now);
}
