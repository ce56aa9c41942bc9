using HelpAgency.Core.Recognition;
using JiebaNet.Segmenter;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Chinese word segmentation by jieba.NET, with the domain's names added to its dictionary. Its dictionary files
/// are copied by the build into a "jieba" folder beside the binaries, and jieba is pointed there before first use.
/// Jieba keeps one process-wide dictionary, so words are added under a lock and only once.
/// </summary>
public sealed class WordSegmenter
{
    /// <summary>The folder, under the application's base directory, that holds jieba's dict.txt.</summary>
    public const string ResourceFolder = "jieba";

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Added = new(StringComparer.Ordinal);
    private static JiebaSegmenter? _shared;

    private readonly JiebaSegmenter _jieba;

    public WordSegmenter(IEnumerable<string> userWords)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                var folder = Path.Combine(AppContext.BaseDirectory, ResourceFolder);
                if (!File.Exists(Path.Combine(folder, "dict.txt")))
                {
                    throw new FileNotFoundException($"jieba's dictionary is missing from {folder}; the build copies it from the jieba.NET package");
                }

                ConfigManager.ConfigFileBaseDir = folder;
                _shared = new JiebaSegmenter();
            }

            foreach (var word in userWords.Where(w => w.Length >= 2 && Added.Add(w)))
            {
                _shared.AddWord(word);
            }

            _jieba = _shared;
        }
    }

    /// <summary>A segmenter that knows the gazetteer's names and aliases (items, stages, departments, statuses) and <paramref name="vocabulary"/> as words.</summary>
    public static WordSegmenter For(EntityGazetteer gazetteer, IEnumerable<string>? vocabulary = null) =>
        new(gazetteer.Entries.SelectMany(e => e.Synonyms.Append(e.Name)).Select(n => gazetteer.Normalizer.Normalize(n).Text).Concat(vocabulary ?? []));

    /// <summary>The words of <paramref name="text"/> (normalised), by the dictionary alone: the same text always cuts the same way.</summary>
    public IEnumerable<string> Cut(string text) => _jieba.Cut(text, cutAll: false, hmm: false);
}
