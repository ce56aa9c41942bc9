using System.Text;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// Finds the knowledge entry a question asks for: every phrasing of every entry (its question and paraphrases) as a
/// TF-IDF vector of character unigrams and bigrams and of the words jieba cuts, compared by cosine with the question's
/// through an inverted index; an entry scores its best phrasing. Catalog names are replaced by one symbol per item or
/// stage first, so "施工证", "施工许可证" and "开工证" are the same word to it. Built once; lookups are thread-safe.
/// </summary>
public sealed class KnowledgeIndex
{
    private readonly KnowledgeBase _knowledge;
    private readonly EntityGazetteer _gazetteer;
    private readonly TextNormalizer _normalizer;
    private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
    private readonly List<float> _idf = [];
    private readonly List<int> _phrasingEntry = [];

    // Term id → the phrasings that have it, with its weight in each: a question's score adds up only its own terms' lists.
    private readonly List<List<(int Phrasing, float Weight)>> _postings = [];
    private readonly List<HashSet<string>> _topics = [];
    private readonly Dictionary<string, char> _symbols = new(StringComparer.Ordinal);
    private readonly WordSegmenter _segmenter;

    public KnowledgeIndex(KnowledgeBase knowledge, EntityGazetteer gazetteer)
    {
        _knowledge = knowledge;
        _gazetteer = gazetteer;
        _normalizer = gazetteer.Normalizer;
        _segmenter = WordSegmenter.For(gazetteer, knowledge.Vocabulary);
        var documents = new List<(int Entry, List<string> Terms)>();
        for (var i = 0; i < knowledge.Entries.Count; i++)
        {
            var entry = knowledge.Entries[i];
            var topics = new HashSet<string>(entry.Items.Select(c => "item:" + c).Concat(entry.Stages.Select(c => "stage:" + c)), StringComparer.Ordinal);
            foreach (var phrasing in entry.Phrasings)
            {
                var (terms, named) = Analyse(phrasing);
                documents.Add((i, terms));
                topics.UnionWith(named);
            }

            _topics.Add(topics);
        }

        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in documents.SelectMany(d => d.Terms.Distinct()))
        {
            frequency[term] = frequency.GetValueOrDefault(term) + 1;
        }

        foreach (var (term, count) in frequency)
        {
            _terms[term] = _idf.Count;
            _idf.Add((float)Math.Log(1 + (documents.Count / (double)count)));
        }

        foreach (var _ in _idf)
        {
            _postings.Add([]);
        }

        foreach (var (entry, terms) in documents)
        {
            foreach (var (term, weight) in Vector(terms))
            {
                _postings[term].Add((_phrasingEntry.Count, weight));
            }

            _phrasingEntry.Add(entry);
        }
    }

    public KnowledgeBase Knowledge => _knowledge;

    /// <summary>The best entries for <paramref name="question"/>, best first, with their similarity (0 to 1).</summary>
    /// <remarks>
    /// A question that names items or stages is answered only by entries about one of them: "施工许可证要什么材料" and an
    /// entry on what electricity connection needs share their words, not their topic. A bare name ("施工许可") has too
    /// few words of its own to ask anything, and finds nothing.
    /// </remarks>
    public IReadOnlyList<(KnowledgeEntry Entry, double Score)> Search(string question, int count = 3)
    {
        var (terms, named) = Analyse(question);
        var query = Vector(terms);
        if (query.Count == 0 || terms.Count(t => t.Length == 1 && !IsSymbol(t[0])) < MinimumWords)
        {
            return [];
        }

        var scores = new double[_phrasingEntry.Count];
        foreach (var (term, weight) in query)
        {
            foreach (var (phrasing, other) in _postings[term])
            {
                scores[phrasing] += weight * other;
            }
        }

        var best = new Dictionary<int, double>();
        for (var phrasing = 0; phrasing < scores.Length; phrasing++)
        {
            var entry = _phrasingEntry[phrasing];
            if (scores[phrasing] > 0 && scores[phrasing] > best.GetValueOrDefault(entry) && (named.Count == 0 || _topics[entry].Overlaps(named)))
            {
                best[entry] = scores[phrasing];
            }
        }

        return [.. best.OrderByDescending(p => p.Value).Take(count).Select(p => (_knowledge.Entries[p.Key], Math.Round(p.Value, 4)))];
    }

    /// <summary>Characters of its own a question needs besides catalog names before it asks anything.</summary>
    private const int MinimumWords = 2;

    private static bool IsSymbol(char c) => c >= (char)0xF000;

    /// <summary>Marks a term that is a segmented word, apart from the character n-grams.</summary>
    private const char WordMark = '\u0001';

    /// <summary>Unigrams and bigrams of the normalised text, catalog names as one symbol each, digits as one; and the items and stages it names.</summary>
    private (List<string> Terms, HashSet<string> Named) Analyse(string text)
    {
        var normalized = _normalizer.Normalize(text).Text;
        var spans = new List<EntitySpan>();
        _gazetteer.Collect(normalized, spans);
        var named = EntitySpan.SelectNonOverlapping(spans).Where(s => s.Entity is "item" or "stage" or "department").OrderBy(s => s.Start).ToList();
        var topics = named.Where(n => n.Entity is "item" or "stage").Select(n => $"{n.Entity}:{n.Value}").ToHashSet(StringComparer.Ordinal);
        var symbols = new StringBuilder(normalized.Length);
        var next = 0;
        for (var i = 0; i < normalized.Length; i++)
        {
            if (next < named.Count && named[next].Start == i)
            {
                symbols.Append(Symbol(named[next].Entity + ":" + named[next].Value));
                i = named[next].End - 1;
                next++;
                continue;
            }

            var c = normalized[i];
            if (char.IsAsciiDigit(c))
            {
                if (i == 0 || !char.IsAsciiDigit(normalized[i - 1]))
                {
                    symbols.Append('0');
                }

                continue;
            }

            if (!char.IsWhiteSpace(c) && !char.IsPunctuation(c))
            {
                symbols.Append(c);
            }
        }

        var s = symbols.ToString();
        var terms = new List<string>(s.Length * 3);
        for (var i = 0; i < s.Length; i++)
        {
            terms.Add(s[i].ToString());
            if (i + 1 < s.Length)
            {
                terms.Add(s.Substring(i, 2));
            }
        }

        // Words of two or more characters as jieba cuts them, between the catalog names: "审批费" and "审批" "费" differ.
        var start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || IsSymbol(s[i]) || s[i] == '0')
            {
                if (i - start >= 2)
                {
                    foreach (var word in _segmenter.Cut(s[start..i]))
                    {
                        if (word.Length >= 2)
                        {
                            terms.Add(WordMark + word);
                        }
                    }
                }

                start = i + 1;
            }
        }

        return (terms, topics);
    }

    private char Symbol(string code)
    {
        lock (_symbols)
        {
            if (!_symbols.TryGetValue(code, out var symbol))
            {
                symbol = (char)(0xF000 + _symbols.Count);
                _symbols[code] = symbol;
            }

            return symbol;
        }
    }

    /// <summary>A unit-length TF-IDF vector over the index's terms; terms it has never seen are left out.</summary>
    private Dictionary<int, float> Vector(List<string> terms)
    {
        var counts = new Dictionary<int, float>();
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (_terms.TryGetValue(term, out var id))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
            else
            {
                unknown[term] = unknown.GetValueOrDefault(term) + 1;
            }
        }

        // Words the index has never seen still make the question longer: they count as the rarest terms.
        var rarest = _idf.Count == 0 ? 1.0 : _idf.Max();
        var norm = unknown.Values.Sum(c => Math.Pow((1 + Math.Log(c)) * rarest, 2));
        foreach (var id in counts.Keys.ToList())
        {
            var weight = (float)((1 + Math.Log(counts[id])) * _idf[id]);
            counts[id] = weight;
            norm += weight * weight;
        }

        if (norm > 0)
        {
            var length = (float)Math.Sqrt(norm);
            foreach (var id in counts.Keys.ToList())
            {
                counts[id] /= length;
            }
        }

        return counts;
    }
}
