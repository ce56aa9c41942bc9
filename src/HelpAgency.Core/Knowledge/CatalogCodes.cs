using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Knowledge;

/// <summary>The codes of the catalog's items, stages and departments, which the knowledge content may name.</summary>
public sealed record CatalogCodes(IReadOnlySet<string> Items, IReadOnlySet<string> Stages, IReadOnlySet<string> Departments)
{
    /// <summary>The codes of the gazetteer's catalog entries.</summary>
    public static CatalogCodes From(IEnumerable<GazetteerEntry> names)
    {
        var list = names.ToList();
        HashSet<string> Of(string entity) => [.. list.Where(n => n.Entity == entity).Select(n => n.Value)];
        return new CatalogCodes(Of("item"), Of("stage"), Of("department"));
    }
}
