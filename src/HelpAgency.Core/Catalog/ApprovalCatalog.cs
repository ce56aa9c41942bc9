using System.Collections.Immutable;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// The approval catalog from dialogs/catalog.yaml: stages, departments, project types and approval items,
/// validated when loaded and immutable afterwards. Code lookups ignore case; alias lookups also ignore
/// full-width forms and spaces.
/// </summary>
public sealed class ApprovalCatalog
{
    private readonly Dictionary<string, CatalogStage> _stages;
    private readonly Dictionary<string, Department> _departments;
    private readonly Dictionary<string, ProjectType> _projectTypes;
    private readonly Dictionary<string, ApprovalItem> _items;
    private readonly Dictionary<string, Department> _departmentNames;
    private readonly Dictionary<string, CatalogStage> _stageNames;
    private readonly Dictionary<string, ProjectType> _projectTypeNames;
    private readonly Dictionary<string, ApprovalItem> _itemNames;
    private readonly ImmutableArray<(string Text, ApprovalItem Item)> _itemNamesLongestFirst;

    /// <summary>Builds a catalog from parts already checked by <see cref="ApprovalCatalogLoader"/>.</summary>
    internal ApprovalCatalog(
        string notice,
        IEnumerable<CatalogStage> stages,
        IEnumerable<Department> departments,
        IEnumerable<ProjectType> projectTypes,
        IEnumerable<ApprovalItem> items)
    {
        Notice = notice;
        Stages = stages.OrderBy(s => s.Order).ToImmutableArray();
        Departments = departments.ToImmutableArray();
        ProjectTypes = projectTypes.ToImmutableArray();
        Items = items.ToImmutableArray();

        _stages = Stages.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        _departments = Departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
        _projectTypes = ProjectTypes.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
        _items = Items.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        _departmentNames = NameIndex(Departments, d => [d.Code, d.Name, .. d.Aliases]);
        _stageNames = NameIndex(Stages, s => [s.Code, s.Name, .. s.Aliases]);
        _projectTypeNames = NameIndex(ProjectTypes, t => [t.Code, t.Name, .. t.Aliases]);
        _itemNames = NameIndex(Items, i => [i.Code, i.Name, .. i.Aliases]);
        _itemNamesLongestFirst = _itemNames
            .Select(p => (p.Key, p.Value))
            .OrderByDescending(p => p.Key.Length)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The file's notice, e.g. that the content is sample data to be confirmed by the zone.</summary>
    public string Notice { get; }

    /// <summary>Stages in process order.</summary>
    public IReadOnlyList<CatalogStage> Stages { get; }

    public IReadOnlyList<Department> Departments { get; }

    public IReadOnlyList<ProjectType> ProjectTypes { get; }

    /// <summary>Items in file order.</summary>
    public IReadOnlyList<ApprovalItem> Items { get; }

    public ApprovalItem? FindItem(string code) => _items.GetValueOrDefault(code.Trim());

    public CatalogStage? FindStage(string code) => _stages.GetValueOrDefault(code.Trim());

    public Department? FindDepartment(string code) => _departments.GetValueOrDefault(code.Trim());

    /// <summary>The name of the department that handles <paramref name="item"/> as enterprises may see it (no note still to be confirmed).</summary>
    public string DepartmentName(ApprovalItem item) => FindDepartment(item.Department)?.VerifiedName ?? item.Department;

    public ProjectType? FindProjectType(string code) => _projectTypes.GetValueOrDefault(code.Trim());

    /// <summary>The item whose code, name or one alias equals <paramref name="text"/>, e.g. "施工许可证".</summary>
    public ApprovalItem? FindItemByAlias(string text) => _itemNames.GetValueOrDefault(CatalogText.Normalize(text));

    /// <summary>The department whose code, name or one alias equals <paramref name="text"/>, e.g. "住建局".</summary>
    public Department? FindDepartmentByAlias(string text) => _departmentNames.GetValueOrDefault(CatalogText.Normalize(text));

    /// <summary>The stage whose code, name or one alias equals <paramref name="text"/>.</summary>
    public CatalogStage? FindStageByAlias(string text) => _stageNames.GetValueOrDefault(CatalogText.Normalize(text));

    /// <summary>The project type whose code, name or one alias equals <paramref name="text"/>.</summary>
    public ProjectType? FindProjectTypeByAlias(string text) => _projectTypeNames.GetValueOrDefault(CatalogText.Normalize(text));

    /// <summary>
    /// Items named in free text, e.g. "办施工许可证要多久": longer names win over the shorter ones they contain,
    /// results in order of first mention.
    /// </summary>
    public IReadOnlyList<ApprovalItem> MentionedItems(string text)
    {
        var remaining = CatalogText.Normalize(text);
        var found = new List<(int Position, ApprovalItem Item)>();
        foreach (var (name, item) in _itemNamesLongestFirst)
        {
            var at = remaining.IndexOf(name, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            if (found.All(f => f.Item != item))
            {
                found.Add((at, item));
            }

            // Blank out the match so a shorter alias inside it does not match again.
            remaining = string.Concat(remaining.AsSpan(0, at), new string('\0', name.Length), remaining.AsSpan(at + name.Length));
        }

        return found.OrderBy(f => f.Position).Select(f => f.Item).ToImmutableArray();
    }

    /// <summary>
    /// The items that apply to a base project type, in file order. Throws for an unknown type and for an
    /// overlay (重点项目), which has no items of its own: ask for the base type.
    /// </summary>
    public IReadOnlyList<ApprovalItem> ItemsFor(string projectType)
    {
        var type = FindProjectType(projectType) ?? throw new ArgumentException($"Unknown project type '{projectType}'.", nameof(projectType));
        if (type.Overlay)
        {
            throw new ArgumentException($"Project type '{type.Code}' is an overlay; items follow the project's base type.", nameof(projectType));
        }

        return Items.Where(i => i.AppliesTo(type.Code)).ToImmutableArray();
    }

    /// <summary>The items of a stage, in file order; throws for an unknown stage.</summary>
    public IReadOnlyList<ApprovalItem> ItemsInStage(string stage)
    {
        var found = FindStage(stage) ?? throw new ArgumentException($"Unknown stage '{stage}'.", nameof(stage));
        return Items.Where(i => string.Equals(i.Stage, found.Code, StringComparison.OrdinalIgnoreCase)).ToImmutableArray();
    }

    /// <summary>Loads and validates a catalog file, or every *.yaml file of a folder.</summary>
    public static ApprovalCatalog Load(string path) => ApprovalCatalogLoader.Load(path);

    private static Dictionary<string, T> NameIndex<T>(IEnumerable<T> entries, Func<T, string[]> names)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var name in names(entry))
            {
                index.TryAdd(CatalogText.Normalize(name), entry);
            }
        }

        return index;
    }
}
