namespace HelpAgency.Core.Recognition;

/// <summary>
/// A normalised text with, for every one of its characters, the span of the original text it came from,
/// so that what is found in the normalised form can be reported at offsets into what the user typed.
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    internal NormalizedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>What the user typed.</summary>
    public string Original { get; }

    /// <summary>The normalised form.</summary>
    public string Text { get; }

    /// <summary>The original span [start, end) of the normalised characters [start, end).</summary>
    public (int Start, int End) ToOriginal(int start, int end) =>
        end <= start ? (_starts.Length > start ? _starts[start] : Original.Length, _starts.Length > start ? _starts[start] : Original.Length)
                     : (_starts[start], _ends[end - 1]);
}
