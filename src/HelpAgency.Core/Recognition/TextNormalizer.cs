using System.Globalization;
using System.Text;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// Brings what people type to one form before anything is matched: full-width to half-width, traditional
/// variants to simplified, Latin to lower case, punctuation, emoji and spaces dropped, common typos and
/// colloquial words replaced by their usual form, modal particles dropped. The tables come from
/// dialogs/normalization.yaml.
/// </summary>
public sealed class TextNormalizer
{
    private readonly Dictionary<char, char> _characters;
    private readonly Dictionary<string, string> _replacements;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _replacementLookup;
    private readonly HashSet<char> _particles;
    private readonly int _longestReplacement;

    public TextNormalizer(
        IReadOnlyDictionary<char, char> characters,
        IReadOnlyDictionary<string, string> replacements,
        IEnumerable<char> particles)
    {
        _characters = new Dictionary<char, char>(characters);
        _particles = [.. particles];
        _replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in replacements)
        {
            // Keys are matched against already folded text, so they are folded the same way.
            var key = Fold(from);
            if (key.Length > 0)
            {
                _replacements[key] = Fold(to);
            }
        }

        _replacementLookup = _replacements.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestReplacement = _replacements.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
    }

    /// <summary>A normaliser that only folds width and case and drops punctuation; for tests and tools.</summary>
    public static TextNormalizer Plain { get; } = new(new Dictionary<char, char>(), new Dictionary<string, string>(), []);

    /// <summary>
    /// Folds one character for character: width, traditional variants, Latin case. The result has the same
    /// length as <paramref name="text"/>, so offsets into it are offsets into the original.
    /// </summary>
    public string Fold(string text)
    {
        return string.Create(text.Length, (text, this), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.Item2.FoldChar(state.text[i]);
            }
        });
    }

    /// <summary>The full normal form of <paramref name="text"/>, with the map back to the original offsets.</summary>
    public NormalizedText Normalize(string text)
    {
        var folded = Fold(text);
        var output = new StringBuilder(folded.Length);
        var starts = new List<int>(folded.Length);
        var ends = new List<int>(folded.Length);

        // Keep only the characters that carry meaning, remembering where each came from.
        Span<char> kept = folded.Length <= 512 ? stackalloc char[folded.Length] : new char[folded.Length];
        Span<int> keptAt = folded.Length <= 512 ? stackalloc int[folded.Length] : new int[folded.Length];
        var count = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            if (IsMeaningful(folded, i))
            {
                kept[count] = folded[i];
                keptAt[count] = i;
                count++;
            }
        }

        var position = 0;
        while (position < count)
        {
            if (TryReplace(kept[..count], position, out var length, out var replacement))
            {
                var start = keptAt[position];
                var end = keptAt[position + length - 1] + 1;
                foreach (var c in replacement)
                {
                    output.Append(c);
                    starts.Add(start);
                    ends.Add(end);
                }

                position += length;
                continue;
            }

            var current = kept[position];
            if (!_particles.Contains(current))
            {
                output.Append(current);
                starts.Add(keptAt[position]);
                ends.Add(keptAt[position] + 1);
            }

            position++;
        }

        return new NormalizedText(text, output.ToString(), [.. starts], [.. ends]);
    }

    private bool TryReplace(ReadOnlySpan<char> text, int position, out int length, out string replacement)
    {
        for (length = Math.Min(_longestReplacement, text.Length - position); length > 0; length--)
        {
            if (_replacementLookup.TryGetValue(text.Slice(position, length), out replacement!))
            {
                return true;
            }
        }

        replacement = string.Empty;
        return false;
    }

    private char FoldChar(char c)
    {
        var folded = c switch
        {
            '\u3000' => ' ',
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            _ => c,
        };
        if (folded is >= 'A' and <= 'Z')
        {
            folded = (char)(folded + 32);
        }

        return _characters.TryGetValue(folded, out var mapped) ? mapped : folded;
    }

    private static bool IsMeaningful(string text, int index)
    {
        var c = text[index];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Emoji and other symbols outside the basic plane come as surrogate pairs; none of them carries an intent.
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}
