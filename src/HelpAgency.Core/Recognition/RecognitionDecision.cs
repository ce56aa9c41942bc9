namespace HelpAgency.Core.Recognition;

/// <summary>What the dialogs should do with a recognition result.</summary>
public enum RecognitionDecision
{
    /// <summary>The intent is clear: act on it.</summary>
    Accept,

    /// <summary>Two intents are plausible: ask which one was meant ("您是想查进度，还是问材料？").</summary>
    Clarify,

    /// <summary>Nothing fits: say so, offer help and a hand-off.</summary>
    Fallback,
}
