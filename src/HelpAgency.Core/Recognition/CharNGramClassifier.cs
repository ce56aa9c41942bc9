using System.Buffers;

namespace HelpAgency.Core.Recognition;

/// <summary>
/// A multinomial logistic regression over character 1–3-grams (with start and end marks), trained by
/// stochastic gradient descent in a fixed order, so the same examples always give the same model; the learning rate
/// anneals to zero, so the model is close to the optimum whatever the order.
/// Character n-grams need no word segmentation and hold up on short, unpunctuated Chinese.
/// </summary>
public sealed class CharNGramClassifier
{
    private const char StartMark = '\u0002';
    private const char EndMark = '\u0003';
    private const int MaxN = 3;

    private readonly string[] _labels;
    private readonly Dictionary<string, int> _features;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly float[] _weights;
    private readonly float[] _bias;

    private CharNGramClassifier(string[] labels, Dictionary<string, int> features, float[] weights, float[] bias)
    {
        _labels = labels;
        _features = features;
        _lookup = features.GetAlternateLookup<ReadOnlySpan<char>>();
        _weights = weights;
        _bias = bias;
    }

    /// <summary>The classes, in the order of the scores <see cref="Predict"/> writes.</summary>
    public IReadOnlyList<string> Labels => _labels;

    public int FeatureCount => _features.Count;

    /// <summary>Trains on (text, label) pairs; texts are expected normalised.</summary>
    public static CharNGramClassifier Train(IReadOnlyList<(string Text, string Label)> samples, ClassifierSettings? settings = null)
    {
        settings ??= new ClassifierSettings();
        var labels = samples.Select(s => s.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var features = new Dictionary<string, int>(StringComparer.Ordinal);
        var vectors = new int[samples.Count][];
        for (var i = 0; i < samples.Count; i++)
        {
            vectors[i] = Grams(samples[i].Text).Select(g =>
            {
                if (!features.TryGetValue(g, out var id))
                {
                    id = features.Count;
                    features[g] = id;
                }

                return id;
            }).Distinct().Order().ToArray();
        }

        var classes = labels.Length;
        var targets = samples.Select(s => labelIndex[s.Label]).ToArray();

        // Each class weighs as much in total, so a class with many examples does not swallow the small ones.
        var counts = new int[classes];
        foreach (var t in targets)
        {
            counts[t]++;
        }

        var sampleWeight = targets.Select(t => (float)Math.Sqrt((double)samples.Count / (classes * counts[t]))).ToArray();

        var weights = new float[features.Count * classes];
        var bias = new float[classes];
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(settings.Seed);
        var scores = new float[classes];
        var scale = 1.0; // weights are stored divided by this factor, so L2 decay costs O(1) per step
        var step = 0L;
        var totalSteps = (double)settings.Epochs * samples.Count;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                // The usual 1/(1 + λt) decay, annealed linearly to zero over the run: the last epochs settle on the
                // optimum instead of wandering about it, so the model hardly depends on the shuffling seed.
                var rate = settings.LearningRate / (1 + (settings.LearningRate * settings.L2 * step)) * (1 - (step / totalSteps));
                step++;
                var x = vectors[i];
                var value = 1f / MathF.Sqrt(Math.Max(1, CountGrams(samples[i].Text.Length + 2)));
                Scores(weights, bias, x, value, (float)scale, classes, scores);
                Softmax(scores);

                scale *= 1 - (rate * settings.L2);
                if (scale < 1e-6)
                {
                    for (var w = 0; w < weights.Length; w++)
                    {
                        weights[w] *= (float)scale;
                    }

                    scale = 1.0;
                }

                for (var c = 0; c < classes; c++)
                {
                    var gradient = (scores[c] - (targets[i] == c ? 1f : 0f)) * sampleWeight[i] * (float)rate;
                    bias[c] -= gradient;
                    var update = gradient * value / (float)scale;
                    foreach (var f in x)
                    {
                        weights[(f * classes) + c] -= update;
                    }
                }
            }
        }

        for (var w = 0; w < weights.Length; w++)
        {
            weights[w] *= (float)scale;
        }

        return new CharNGramClassifier(labels, features, weights, bias);
    }

    /// <summary>
    /// Writes the probability of each label (in <see cref="Labels"/> order) for a normalised text into
    /// <paramref name="probabilities"/>, and returns the share of its 2- and 3-grams ever seen in training:
    /// a low share means the text is about something the bot was never taught.
    /// </summary>
    public double Predict(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        var classes = _labels.Length;
        var padded = text.Length + 2 <= 256 ? stackalloc char[text.Length + 2] : new char[text.Length + 2];
        padded[0] = StartMark;
        text.CopyTo(padded[1..]);
        padded[^1] = EndMark;

        var maxGrams = padded.Length * MaxN;
        var rented = maxGrams > 512 ? ArrayPool<int>.Shared.Rent(maxGrams) : null;
        var ids = rented ?? stackalloc int[maxGrams];
        var found = 0;
        var longGrams = 0;
        var longKnown = 0;
        for (var n = 1; n <= MaxN; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                var gram = padded.Slice(start, n);
                if (OnlyMarks(gram))
                {
                    continue;
                }

                var known = _lookup.TryGetValue(gram, out var id);
                if (n > 1)
                {
                    longGrams++;
                    longKnown += known ? 1 : 0;
                }

                if (known)
                {
                    ids[found++] = id;
                }
            }
        }

        var unique = ids[..found];
        unique.Sort();
        var distinct = 0;
        for (var i = 0; i < unique.Length; i++)
        {
            if (i == 0 || unique[i] != unique[i - 1])
            {
                unique[distinct++] = unique[i];
            }
        }

        // Features are scaled by all the text's n-grams, seen or not, so unseen text gives weak evidence.
        var total = CountGrams(padded.Length);
        var value = total == 0 ? 0f : 1f / MathF.Sqrt(total);
        for (var c = 0; c < classes; c++)
        {
            probabilities[c] = _bias[c];
        }

        foreach (var f in unique[..distinct])
        {
            var row = _weights.AsSpan(f * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                probabilities[c] += row[c] * value;
            }
        }

        Softmax(probabilities[..classes]);
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        return longGrams == 0 ? 0 : (double)longKnown / longGrams;
    }

    private static int CountGrams(int paddedLength)
    {
        // Every n-gram of the padded text except those made only of the two marks.
        var total = 0;
        for (var n = 1; n <= MaxN; n++)
        {
            total += Math.Max(0, paddedLength - n + 1);
        }

        return total - 2;
    }

    private static void Scores(float[] weights, float[] bias, int[] x, float value, float scale, int classes, float[] scores)
    {
        Array.Copy(bias, scores, classes);
        foreach (var f in x)
        {
            var row = weights.AsSpan(f * classes, classes);
            for (var c = 0; c < classes; c++)
            {
                scores[c] += row[c] * value * scale;
            }
        }
    }

    private static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Exp(scores[i] - max);
            sum += scores[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] /= sum;
        }
    }

    private static bool OnlyMarks(ReadOnlySpan<char> gram)
    {
        foreach (var c in gram)
        {
            if (c is not (StartMark or EndMark))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Grams(string text)
    {
        var padded = StartMark + text + EndMark;
        for (var n = 1; n <= MaxN; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                var gram = padded.Substring(start, n);
                if (!OnlyMarks(gram))
                {
                    yield return gram;
                }
            }
        }
    }
}
