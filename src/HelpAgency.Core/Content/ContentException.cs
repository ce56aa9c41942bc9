namespace HelpAgency.Core.Content;

/// <summary>Content under dialogs/ is invalid; the message names the file and line.</summary>
public sealed class ContentException(string file, long line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public string Problem { get; } = problem;
}
