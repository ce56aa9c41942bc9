namespace HelpAgency.Core.Content;

/// <summary>Section "Dialogs": where the conversation content lives.</summary>
public sealed class ContentOptions
{
    public const string Section = "Dialogs";

    /// <summary>The dialogs folder; relative paths are taken from the host's content root.</summary>
    public string Path { get; set; } = "dialogs";
}
