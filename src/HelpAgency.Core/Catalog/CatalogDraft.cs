using System.Collections.Immutable;
using HelpAgency.Core.Content;

namespace HelpAgency.Core.Catalog;

/// <summary>A catalog entry with the YAML it came from, so later checks can name its file and line.</summary>
internal sealed record SourcedEntry<T>(T Value, YamlMap Map, List<(string Value, long Line)> Names)
{
    public string File => Map.File;

    public List<(string Value, long Line)> ProjectTypeLines { get; init; } = [];

    public List<(string Value, long Line)> RequireLines { get; init; } = [];
}

/// <summary>The catalog being read: entries collected from every file, then checked as a whole by <see cref="Build"/>.</summary>
internal sealed class CatalogDraft
{
    private readonly Dictionary<string, SourcedEntry<CatalogStage>> _stages = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SourcedEntry<Department>> _departments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SourcedEntry<ProjectType>> _projectTypes = new(StringComparer.OrdinalIgnoreCase);

    public string? Notice { get; set; }

    public string? NoticeFile { get; set; }

    public List<SourcedEntry<ApprovalItem>> Items { get; } = [];

    public void AddStage(SourcedEntry<CatalogStage> stage)
    {
        AddUnique(_stages, stage, stage.Value.Code, "stage");
        var sameOrder = _stages.Values.FirstOrDefault(s => !ReferenceEquals(s, stage) && s.Value.Order == stage.Value.Order);
        if (sameOrder is not null)
        {
            throw new ContentException(stage.File, stage.Map.LineOf("order"), $"stage '{stage.Value.Code}': order {stage.Value.Order} is already used by stage '{sameOrder.Value.Code}'");
        }
    }

    public void AddDepartment(SourcedEntry<Department> department) => AddUnique(_departments, department, department.Value.Code, "department");

    public void AddProjectType(SourcedEntry<ProjectType> type) => AddUnique(_projectTypes, type, type.Value.Code, "project type");

    public ApprovalCatalog Build()
    {
        if (Notice is null)
        {
            throw new ContentException(NoticeFile ?? "catalog", 1, "the catalog needs a 'notice' saying whether its content is confirmed");
        }

        RequireSome(_stages.Count, "stages");
        RequireSome(_departments.Count, "departments");
        RequireSome(_projectTypes.Count, "project_types");
        RequireSome(Items.Count, "items");
        CheckNames(_stages.Values, "stage");
        CheckNames(_projectTypes.Values, "project type");
        CheckNames(_departments.Values, "department");

        var items = new Dictionary<string, SourcedEntry<ApprovalItem>>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Items)
        {
            AddUnique(items, item, item.Value.Code, "item");
        }

        CheckNames(Items, "item");
        foreach (var sourced in Items)
        {
            CheckReferences(sourced, items);
        }

        CheckCycles(items);
        return new ApprovalCatalog(
            Notice,
            _stages.Values.Select(s => s.Value),
            _departments.Values.Select(d => d.Value),
            _projectTypes.Values.Select(t => t.Value),
            Items.Select(i => Canonical(i.Value)));
    }

    private void RequireSome(int count, string section)
    {
        if (count == 0)
        {
            throw new ContentException(NoticeFile ?? "catalog", 1, $"the catalog has no {section}");
        }
    }

    // References are stored with the referenced entry's own spelling of its code.
    private ApprovalItem Canonical(ApprovalItem item) => item with
    {
        Stage = _stages[item.Stage].Value.Code,
        Department = _departments[item.Department].Value.Code,
        ProjectTypes = item.ProjectTypes.Select(t => _projectTypes[t].Value.Code).ToImmutableArray(),
    };

    private void CheckReferences(SourcedEntry<ApprovalItem> sourced, Dictionary<string, SourcedEntry<ApprovalItem>> items)
    {
        var item = sourced.Value;
        var what = $"item '{item.Code}'";
        if (!_stages.ContainsKey(item.Stage))
        {
            throw new ContentException(sourced.File, sourced.Map.LineOf("stage"), $"{what}: unknown stage '{item.Stage}' (known: {Known(_stages.Keys)})");
        }

        if (!_departments.ContainsKey(item.Department))
        {
            throw new ContentException(sourced.File, sourced.Map.LineOf("department"), $"{what}: unknown department '{item.Department}' (known: {Known(_departments.Keys)})");
        }

        foreach (var (type, line) in sourced.ProjectTypeLines)
        {
            if (!_projectTypes.TryGetValue(type, out var found))
            {
                throw new ContentException(sourced.File, line, $"{what}: unknown project type '{type}' (known: {Known(_projectTypes.Keys)})");
            }

            if (found.Value.Overlay)
            {
                throw new ContentException(sourced.File, line, $"{what}: '{type}' is an overlay type; list base types only");
            }
        }

        foreach (var (required, line) in sourced.RequireLines)
        {
            if (string.Equals(required, item.Code, StringComparison.OrdinalIgnoreCase))
            {
                throw new ContentException(sourced.File, line, $"{what}: an item cannot require itself");
            }

            if (!items.ContainsKey(required))
            {
                throw new ContentException(sourced.File, line, $"{what}: requires unknown item '{required}'");
            }
        }
    }

    private static void CheckCycles(Dictionary<string, SourcedEntry<ApprovalItem>> items)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();
        foreach (var code in items.Keys)
        {
            Visit(code);
        }

        void Visit(string code)
        {
            if (done.Contains(code))
            {
                return;
            }

            var at = path.FindIndex(p => string.Equals(p, code, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                var cycle = path.Skip(at).Append(code).ToList();
                var from = items[path[^1]];
                var line = from.RequireLines.First(r => string.Equals(r.Value, code, StringComparison.OrdinalIgnoreCase)).Line;
                throw new ContentException(from.File, line, $"item '{from.Value.Code}': requires form a cycle: {string.Join(" → ", cycle)}");
            }

            path.Add(code);
            foreach (var required in items[code].Value.Requires)
            {
                Visit(items[required].Value.Code);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(code);
        }
    }

    private static void AddUnique<T>(Dictionary<string, SourcedEntry<T>> index, SourcedEntry<T> entry, string code, string kind)
    {
        if (index.TryGetValue(code, out var first))
        {
            throw new ContentException(entry.File, entry.Map.LineOf("code"), $"duplicate {kind} code '{code}' (first defined at {first.File}:{first.Map.LineOf("code")})");
        }

        index[code] = entry;
    }

    // Codes, names and aliases must identify one entry of a kind, so alias lookups are never ambiguous.
    private static void CheckNames<T>(IEnumerable<SourcedEntry<T>> entries, string kind)
    {
        var owners = new Dictionary<string, SourcedEntry<T>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var (name, line) in entry.Names)
            {
                var key = CatalogText.Normalize(name);
                if (owners.TryGetValue(key, out var owner) && !ReferenceEquals(owner, entry))
                {
                    throw new ContentException(entry.File, line, $"{kind} name or alias '{name}' is already used by {kind} '{Code(owner)}'");
                }

                owners[key] = entry;
            }
        }
    }

    private static string Code<T>(SourcedEntry<T> entry) => entry.Names[0].Value;

    private static string Known(IEnumerable<string> codes) => string.Join(", ", codes);
}
