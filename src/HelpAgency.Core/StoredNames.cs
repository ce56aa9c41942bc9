using System.Collections.Frozen;
using System.Text;

namespace HelpAgency.Core;

/// <summary>
/// The stored spelling of an enum value: its name in snake_case ("CorrectionRequired" is
/// "correction_required"), stable across releases and readable in SQL.
/// </summary>
public static class StoredNames
{
    public static string ToStored<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    public static TEnum ParseStored<TEnum>(string stored) where TEnum : struct, Enum =>
        TryParseStored<TEnum>(stored, out var value)
            ? value
            : throw new FormatException($"'{stored}' is not a stored {typeof(TEnum).Name}.");

    public static bool TryParseStored<TEnum>(string? stored, out TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.Values.TryGetValue(stored ?? "", out value);

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => SnakeCase(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> Values =
            Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
