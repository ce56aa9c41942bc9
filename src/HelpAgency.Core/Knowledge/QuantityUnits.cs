namespace HelpAgency.Core.Knowledge;

/// <summary>
/// The units a condition variable may be stated in (as dialogs/conditions.yaml spells them) and the words a
/// question uses for them, each with its kind and its factor to the kind's base unit.
/// </summary>
public static class QuantityUnits
{
    /// <summary>Unit words, longest first so that "平方米" is read before "米".</summary>
    internal static readonly (string Word, QuantityKind Kind, double Factor)[] Words =
    [
        .. new (string, QuantityKind, double)[]
        {
            ("万千瓦时", QuantityKind.Electricity, 1e4), ("千瓦时", QuantityKind.Electricity, 1), ("kwh", QuantityKind.Electricity, 1), ("度电", QuantityKind.Electricity, 1),
            ("吨标准煤", QuantityKind.Energy, 1), ("吨标煤", QuantityKind.Energy, 1), ("tce", QuantityKind.Energy, 1),
            ("平方公里", QuantityKind.Area, 1e6), ("平方米", QuantityKind.Area, 1), ("平米", QuantityKind.Area, 1), ("平方", QuantityKind.Area, 1),
            ("公顷", QuantityKind.Area, 1e4), ("亩", QuantityKind.Area, 10000.0 / 15), ("㎡", QuantityKind.Area, 1), ("m2", QuantityKind.Area, 1), ("平", QuantityKind.Area, 1),
            ("公里", QuantityKind.Length, 1000), ("千米", QuantityKind.Length, 1000), ("米", QuantityKind.Length, 1), ("层", QuantityKind.Count, 1),
            ("立方米", QuantityKind.Volume, 1), ("立方", QuantityKind.Volume, 1), ("m3", QuantityKind.Volume, 1), ("方土", QuantityKind.Volume, 1), ("方", QuantityKind.Volume, 1),
            ("亿元", QuantityKind.Money, 1e8), ("万元", QuantityKind.Money, 1e4), ("元", QuantityKind.Money, 1), ("块钱", QuantityKind.Money, 1), ("块", QuantityKind.Money, 1),
        }.OrderByDescending(w => w.Item1.Length),
    ];

    /// <summary>The kind and factor of a variable's unit in conditions.yaml, e.g. 万元 → (Money, 10,000).</summary>
    public static (QuantityKind Kind, double Factor)? Parse(string unit)
    {
        var text = unit.Trim().ToLowerInvariant();
        foreach (var (word, kind, factor) in Words)
        {
            if (text == word)
            {
                return (kind, factor);
            }
        }

        return text switch
        {
            "亿" => (QuantityKind.Money, 1e8),
            "万" => (QuantityKind.Money, 1e4),
            "个" or "项" or "次" or "人" => (QuantityKind.Count, 1),
            _ => null,
        };
    }

    /// <summary>The unit names a variable may use, for the error message.</summary>
    public static string Known => string.Join("、", Words.Select(w => w.Word).Concat(["亿", "万", "个"]));
}
