namespace HelpAgency.Host.Nlu;

/// <summary>The body of POST /api/nlu/parse: the text, and optionally the user whose projects can be named.</summary>
public sealed class ParseRequest
{
    public string? Text { get; init; }

    public string? User { get; init; }
}
