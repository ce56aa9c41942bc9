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
    private static readonly string[] DepartmentKeys = ["code", "name", "aliases", "address", "phone", "hours", "contacts"];
    private static readonly string[] ContactKeys = ["name", "user_id"];
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
        var draft = new CatalogDraft();
        foreach (var (text, file) in sources)
        {
            using var reader = new StringReader(text);
            ReadDocument(YamlMap.LoadRoot(reader, file, "catalog"), draft);
        }

        return draft.Build();
    }

    private static void ReadDocument(YamlMap root, CatalogDraft draft)
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

    private static SourcedEntry<CatalogStage> ReadStage(YamlMap map)
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
        return new SourcedEntry<CatalogStage>(stage, map, Names(map, code, stage.Name, aliases));
    }

    private static SourcedEntry<Department> ReadDepartment(YamlMap map)
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
            map.OptionalText("hours", what))
        {
            Contacts = ReadContacts(map, what),
        };
        return new SourcedEntry<Department>(department, map, Names(map, code, department.Name, aliases));
    }

    /// <summary>A department's contacts: each a name and a WeCom user id, no user id twice.</summary>
    private static List<DepartmentContact> ReadContacts(YamlMap department, string what)
    {
        var contacts = new List<DepartmentContact>();
        foreach (var node in department.Sequence("contacts", what))
        {
            var map = YamlMap.From(department.File, node, $"{what} contact");
            map.AllowOnly($"{what} contact", ContactKeys);
            var name = map.RequiredText("name", $"{what} contact");
            var userId = map.RequiredText("user_id", $"{what} contact '{name}'");
            if (!DepartmentContact.IsWeComUserId(userId))
            {
                throw new ContentException(department.File, map.LineOf("user_id"),
                    $"{what} contact '{name}': user_id '{userId}' is not a WeCom user id (1–64 letters, digits and _-@., starting with a letter or digit)");
            }

            if (contacts.Any(c => c.UserId == userId))
            {
                throw new ContentException(department.File, map.LineOf("user_id"), $"{what}: contact user_id '{userId}' is listed twice");
            }

            contacts.Add(new DepartmentContact(name, userId));
        }

        return contacts;
    }

    private static SourcedEntry<ProjectType> ReadProjectType(YamlMap map)
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
        return new SourcedEntry<ProjectType>(type, map, Names(map, code, type.Name, aliases));
    }

    private static SourcedEntry<ApprovalItem> ReadItem(YamlMap map)
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
            throw new ContentException(map.File, map.Line, $"{what}: give 'statutory_days' or 'promised_days' (working days, 0 for an item done on the spot)");
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
        return new SourcedEntry<ApprovalItem>(item, map, Names(map, code, name, aliases))
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
}
