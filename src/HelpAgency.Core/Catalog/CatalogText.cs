using System.Text;

namespace HelpAgency.Core.Catalog;

/// <summary>How names, codes and aliases are compared: full-width folded to half-width, spaces dropped, Latin upper case.</summary>
internal static class CatalogText
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var folded = c switch
            {
                '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                _ => c,
            };
            if (!char.IsWhiteSpace(folded))
            {
                builder.Append(char.ToUpperInvariant(folded));
            }
        }

        return builder.ToString();
    }
}
