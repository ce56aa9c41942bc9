using System.Collections.Immutable;
using HelpAgency.Core.Content;
using YamlDotNet.RepresentationModel;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// Reads the catalog YAML (one file, or every *.yaml file of a folder, in name order) and checks it; the
/// first problem found stops the load with a <see cref="ContentException"/> naming file and line.
/// </summary>
public static class ApprovalCatalogLoader
{
    private static readonly string[] RootKeys = ["notice", "stages", "departments", "project_types", "items"];
    private static readonly string[] StageKeys = ["code", "name", "aliases", "order", "optional", "description"];
    private static readonly string[] DepartmentKeys = ["code", "name", "aliases", "address", "phone", "hours"];
    private static readonly string[] ProjectTypeKeys = ["code", "name", "aliases", "overlay", "description"];
    private static readonly string[] MaterialKeys = ["name", "required", "note"];
    private static readonly string[] ItemKeys =
    [
        "code", "name", "aliases", "stage", "department", "statutory_days", "promised_days", "mode", "fee",
        "project_types", "requires", "materials", "condition", "basis",
    ];

    /// <summary>Loads <paramref name="path"/>: a catalog file, or a folder whose *.yaml files together form the catalog.</summary>
    public static ApprovalCatalog Load(string path)
    {
        if (Directory.Exists(path))
        {
            var folder = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));
            var files = Directory.GetFiles(path, "*.yaml").Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new ContentException(path, 0, "the catalog folder holds no *.yaml file");
            }

            var sources = new List<(string Text, string File)>();
            foreach (var file in files)
            {
                sources.Add((File.ReadAllText(file), folder + "/" + System.IO.Path.GetFileName(file)));
            }

            return Parse(sources);
        }

        if (!File.Exists(path))
        {
            throw new ContentException(path, 0, "file not found");
        }

        return Parse([(File.ReadAllText(path), System.IO.Path.GetFileName(path))]);
    }

    /// <summary>Parses one catalog document; <paramref name="file"/> is the name used in error messages.</summary>
    public static ApprovalCatalog Parse(string yaml, string file) => Parse([(yaml, file)]);

    /// <summary>Parses several documents that together form one catalog.</summary>
    public static ApprovalCatalog Parse(IEnumerable<(string Text, string File)> sources)
    {
        var draft = new Draft();
        foreach (var (text, file) in sources)
        {
            using var reader = new StringReader(text);
            ReadDocument(YamlMap.LoadRoot(reader, file, "catalog"), draft);
        }

        return draft.Build();
    }

    private static void ReadDocument(YamlMap root, Draft draft)
    {
        root.AllowOnly("catalog", RootKeys);
        var notice = root.OptionalText("notice", "catalog");
        if (notice is not null)
        {
            draft.Notice ??= notice;
        }

        draft.NoticeFile ??= root.File;
        foreach (var node in root.Sequence("stages", "catalog"))
        {
            draft.AddStage(ReadStage(YamlMap.From(root.File, node, "stage")));
        }

        foreach (var node in root.Sequence("departments", "catalog"))
        {
            draft.AddDepartment(ReadDepartment(YamlMap.From(root.File, node, "department")));
        }

        foreach (var node in root.Sequence("project_types", "catalog"))
        {
            draft.AddProjectType(ReadProjectType(YamlMap.From(root.File, node, "project type")));
        }

        foreach (var node in root.Sequence("items", "catalog"))
        {
            draft.Items.Add(ReadItem(YamlMap.From(root.File, node, "item")));
        }
    }

    private static Sourced<CatalogStage> ReadStage(YamlMap map)
    {
        map.AllowOnly("stage", StageKeys);
        var code = map.RequiredText("code", "stage");
        var what = $"stage '{code}'";
        var order = map.OptionalInt("order", what) ?? throw new ContentException(map.File, map.Line, $"{what}: 'order' is missing");
        if (order < 0)
        {
            throw new ContentException(map.File, map.LineOf("order"), $"{what}: 'order' must not be negative");
        }

        var aliases = map.TextList("aliases", what);
        var stage = new CatalogStage(
            code,
            map.RequiredText("name", what),
            aliases.Select(a => a.Value).ToImmutableArray(),
            order,
            map.OptionalBool("optional", what) ?? false,
            map.OptionalText("description", what));
        return new Sourced<CatalogStage>(stage, map, Names(map, code, stage.Name, aliases));
    }

    private static Sourced<Department> ReadDepartment(YamlMap map)
    {
        map.AllowOnly("department", DepartmentKeys);
        var code = map.RequiredText("code", "department");
        var what = $"department '{code}'";
        var aliases = map.TextList("aliases", what);
        var department = new Department(
            code,
            map.RequiredText("name", what),
            aliases.Select(a => a.Value).ToImmutableArray(),
            map.OptionalText("address", what),
            map.OptionalText("phone", what),
            map.OptionalText("hours", what));
        return new Sourced<Department>(department, map, Names(map, code, department.Name, aliases));
    }

    private static Sourced<ProjectType> ReadProjectType(YamlMap map)
    {
        map.AllowOnly("project type", ProjectTypeKeys);
        var code = map.RequiredText("code", "project type");
        var what = $"project type '{code}'";
        var aliases = map.TextList("aliases", what);
        var type = new ProjectType(
            code,
            map.RequiredText("name", what),
            aliases.Select(a => a.Value).ToImmutableArray(),
            map.OptionalBool("overlay", what) ?? false,
            map.OptionalText("description", what));
        return new Sourced<ProjectType>(type, map, Names(map, code, type.Name, aliases));
    }

    private static Sourced<ApprovalItem> ReadItem(YamlMap map)
    {
        map.AllowOnly("item", ItemKeys);
        var code = map.RequiredText("code", "item");
        var what = $"item '{code}'";
        var name = map.RequiredText("name", what);
        var statutory = map.OptionalInt("statutory_days", what);
        var promised = map.OptionalInt("promised_days", what);
        if (statutory < 0)
        {
            throw new ContentException(map.File, map.LineOf("statutory_days"), $"{what}: 'statutory_days' must not be negative");
        }

        if (promised < 0)
        {
            throw new ContentException(map.File, map.LineOf("promised_days"), $"{what}: 'promised_days' must not be negative");
        }

        if (statutory is null && promised is null)
        {
            throw new ContentException(map.File, map.Line, $"{what}: give 'statutory_days' or 'promised_days' (working days, 0 for 即办)");
        }

        if (statutory > 0 && promised > statutory)
        {
            throw new ContentException(map.File, map.LineOf("promised_days"), $"{what}: promised_days {promised} exceeds statutory_days {statutory}");
        }

        var modeText = map.RequiredText("mode", what);
        SubmissionMode mode = modeText switch
        {
            "online" => SubmissionMode.Online,
            "window" => SubmissionMode.Window,
            "both" => SubmissionMode.Both,
            _ => throw new ContentException(map.File, map.LineOf("mode"), $"{what}: mode must be online, window or both, not '{modeText}'"),
        };

        var materials = new List<ItemMaterial>();
        foreach (var node in map.Sequence("materials", what))
        {
            materials.Add(ReadMaterial(map.File, node, what));
        }

        if (materials.Count == 0)
        {
            throw new ContentException(map.File, map.LineOf("materials"), $"{what}: an item needs at least one material");
        }

        var aliases = map.TextList("aliases", what);
        var types = map.TextList("project_types", what);
        if (types.Count == 0)
        {
            throw new ContentException(map.File, map.LineOf("project_types"), $"{what}: list the project types it applies to in 'project_types'");
        }

        var requires = map.TextList("requires", what);
        var item = new ApprovalItem(
            code,
            name,
            aliases.Select(a => a.Value).ToImmutableArray(),
            map.RequiredText("stage", what),
            map.RequiredText("department", what),
            statutory,
            promised,
            mode,
            map.OptionalText("fee", what),
            types.Select(t => t.Value).ToImmutableArray(),
            requires.Select(r => r.Value).ToImmutableArray(),
            materials.ToImmutableArray(),
            map.OptionalText("condition", what),
            map.OptionalText("basis", what));
        return new Sourced<ApprovalItem>(item, map, Names(map, code, name, aliases))
        {
            ProjectTypeLines = types,
            RequireLines = requires,
        };
    }

    private static ItemMaterial ReadMaterial(string file, YamlNode node, string what)
    {
        // A plain text is shorthand for a required material.
        if (node is YamlScalarNode scalar)
        {
            var text = scalar.Value?.Trim();
            return string.IsNullOrEmpty(text)
                ? throw new ContentException(file, node.Start.Line, $"{what}: a material needs a name")
                : new ItemMaterial(text, true, null);
        }

        var map = YamlMap.From(file, node, $"{what} material");
        map.AllowOnly($"{what} material", MaterialKeys);
        return new ItemMaterial(
            map.RequiredText("name", $"{what} material"),
            map.OptionalBool("required", $"{what} material") ?? true,
            map.OptionalText("note", $"{what} material"));
    }

    private static List<(string Value, long Line)> Names(YamlMap map, string code, string name, List<(string Value, long Line)> aliases) =>
        [(code, map.LineOf("code")), (name, map.LineOf("name")), .. aliases];

    private sealed record Sourced<T>(T Value, YamlMap Map, List<(string Value, long Line)> Names)
    {
        public string File => Map.File;

        public List<(string Value, long Line)> ProjectTypeLines { get; init; } = [];

        public List<(string Value, long Line)> RequireLines { get; init; } = [];
    }

    private sealed class Draft
    {
        private readonly Dictionary<string, Sourced<CatalogStage>> _stages = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Sourced<Department>> _departments = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Sourced<ProjectType>> _projectTypes = new(StringComparer.OrdinalIgnoreCase);

        public string? Notice { get; set; }

        public string? NoticeFile { get; set; }

        public List<Sourced<ApprovalItem>> Items { get; } = [];

        public void AddStage(Sourced<CatalogStage> stage)
        {
            AddUnique(_stages, stage, stage.Value.Code, "stage");
            var sameOrder = _stages.Values.FirstOrDefault(s => !ReferenceEquals(s, stage) && s.Value.Order == stage.Value.Order);
            if (sameOrder is not null)
            {
                throw new ContentException(stage.File, stage.Map.LineOf("order"), $"stage '{stage.Value.Code}': order {stage.Value.Order} is already used by stage '{sameOrder.Value.Code}'");
            }
        }

        public void AddDepartment(Sourced<Department> department) => AddUnique(_departments, department, department.Value.Code, "department");

        public void AddProjectType(Sourced<ProjectType> type) => AddUnique(_projectTypes, type, type.Value.Code, "project type");

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

            var items = new Dictionary<string, Sourced<ApprovalItem>>(StringComparer.OrdinalIgnoreCase);
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

        private void CheckReferences(Sourced<ApprovalItem> sourced, Dictionary<string, Sourced<ApprovalItem>> items)
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

        private static void CheckCycles(Dictionary<string, Sourced<ApprovalItem>> items)
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

        private static void AddUnique<T>(Dictionary<string, Sourced<T>> index, Sourced<T> entry, string code, string kind)
        {
            if (index.TryGetValue(code, out var first))
            {
                throw new ContentException(entry.File, entry.Map.LineOf("code"), $"duplicate {kind} code '{code}' (first defined at {first.File}:{first.Map.LineOf("code")})");
            }

            index[code] = entry;
        }

        // Codes, names and aliases must identify one entry of a kind, so alias lookups are never ambiguous.
        private static void CheckNames<T>(IEnumerable<Sourced<T>> entries, string kind)
        {
            var owners = new Dictionary<string, Sourced<T>>(StringComparer.Ordinal);
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

        private static string Code<T>(Sourced<T> entry) => entry.Names[0].Value;

        private static string Known(IEnumerable<string> codes) => string.Join(", ", codes);
    }
}
