namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Where a message outside a form goes once the condition rules have passed on it (<see cref="KnowledgeRouter.Route"/>):
/// an entry of the knowledge base, an intent's flow, a clarifying question between two intents, or out of scope.
/// The bot and the measurement of its routing both read this one decision.
/// </summary>
public abstract record QuestionRoute
{
    private QuestionRoute()
    {
    }

    /// <summary>The knowledge base answers with <paramref name="Answer"/>.</summary>
    public sealed record Entry(KnowledgeEntry Answer) : QuestionRoute;

    /// <summary>The flow of <paramref name="Name"/> starts; <paramref name="Accepted"/> when the recognizer was sure of it.</summary>
    public sealed record Intent(string Name, bool Accepted) : QuestionRoute;

    /// <summary>The user is asked which of two intents they meant.</summary>
    public sealed record Clarify(string First, string Second) : QuestionRoute;

    /// <summary>Nothing fits: the out-of-scope reply.</summary>
    public sealed record OutOfScope : QuestionRoute;
}
