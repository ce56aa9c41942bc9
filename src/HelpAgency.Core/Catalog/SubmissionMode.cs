namespace HelpAgency.Core.Catalog;

/// <summary>Where an item is applied for: online (网上办理), at a window (窗口办理) or either.</summary>
public enum SubmissionMode
{
    Online,
    Window,
    Both,
}
