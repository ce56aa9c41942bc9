using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;

namespace HelpAgency.Tests.Catalog;

/// <summary>Each kind of content mistake stops the load with the file and the line where it is.</summary>
public sealed class CatalogValidationTests : IDisposable
{
    private const string File = "catalog.yaml";

    private const string Valid = """
        notice: 示例数据，待核实
        stages:
          - code: land
            name: 立项用地规划许可
            aliases: [立项]
            order: 1
          - code: build
            name: 施工许可
            order: 2
        departments:
          - code: drc
            name: 发展改革局
            aliases: [发改局]
            phone: "12345"
            contacts:
              - {name: 王科长, user_id: wang.drc}
              - {name: 李工, user_id: li-drc}
        project_types:
          - code: filing
            name: 社会投资备案
          - code: key
            name: 重点项目
            overlay: true
        items:
          - code: A1
            name: 项目备案
            aliases: [备案]
            stage: land
            department: drc
            statutory_days: 0
            mode: online
            project_types: [filing]
            materials:
              - 备案登记表
          - code: B1
            name: 施工许可证核发
            stage: build
            department: drc
            statutory_days: 7
            promised_days: 3
            mode: both
            project_types: [filing]
            requires: [A1]
            materials:
              - name: 施工许可申请表
              - {name: 承诺书, required: false, note: 容缺时}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("catalog-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_valid_fixture_loads_from_a_file()
    {
        var path = Path.Combine(_folder, File);
        System.IO.File.WriteAllText(path, Valid);

        var catalog = ApprovalCatalog.Load(path);

        Assert.Equal(["A1", "B1"], catalog.Items.Select(i => i.Code));
        var permit = catalog.FindItem("b1")!;
        Assert.Equal(7, permit.StatutoryDays);
        Assert.Equal(3, permit.PlanningDays);
        Assert.Equal(SubmissionMode.Both, permit.Mode);
        Assert.Equal([new ItemMaterial("施工许可申请表", true, null), new ItemMaterial("承诺书", false, "容缺时")], permit.Materials);
        Assert.Equal(0, catalog.FindItem("A1")!.PlanningDays);
        var drc = catalog.FindDepartmentByAlias("发改局")!;
        Assert.Equal([new DepartmentContact("王科长", "wang.drc"), new DepartmentContact("李工", "li-drc")], drc.Contacts);
        Assert.Same(drc, catalog.FindDepartmentByAlias("发展改革局"));
    }

    [Fact]
    public void A_folder_of_files_forms_one_catalog_and_errors_name_the_file_in_the_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "catalog")).FullName;
        var itemsAt = Valid.IndexOf("items:", StringComparison.Ordinal);
        System.IO.File.WriteAllText(Path.Combine(folder, "10-base.yaml"), Valid[..itemsAt]);
        System.IO.File.WriteAllText(Path.Combine(folder, "20-items.yaml"), Valid[itemsAt..]);

        Assert.Equal(2, ApprovalCatalog.Load(folder).Items.Count);

        System.IO.File.WriteAllText(Path.Combine(folder, "20-items.yaml"), Valid[itemsAt..].Replace("stage: build", "stage: nowhere"));
        var error = Assert.Throws<ContentException>(() => ApprovalCatalog.Load(folder));
        Assert.Equal("catalog/20-items.yaml", error.File);
        Assert.Equal(LineOf(Valid[itemsAt..], "stage: build"), error.Line);
    }

    [Fact]
    public void A_missing_file_is_reported() =>
        Assert.Contains("not found", Assert.Throws<ContentException>(() => ApprovalCatalog.Load(Path.Combine(_folder, "none.yaml"))).Message);

    [Theory]
    [InlineData("stage: build", "stage: nowhere", "unknown stage 'nowhere'", "stage: nowhere")]
    [InlineData("    department: drc\n    statutory_days: 7", "    department: dept_x\n    statutory_days: 7", "unknown department 'dept_x'", "department: dept_x")]
    [InlineData("project_types: [filing]\n    requires", "project_types: [gov]\n    requires", "unknown project type 'gov'", "project_types: [gov]")]
    [InlineData("project_types: [filing]\n    requires", "project_types: [key]\n    requires", "'key' is an overlay type", "project_types: [key]")]
    [InlineData("requires: [A1]", "requires: [Z9]", "requires unknown item 'Z9'", "requires: [Z9]")]
    [InlineData("requires: [A1]", "requires: [B1]", "cannot require itself", "requires: [B1]")]
    [InlineData("promised_days: 3", "promised_days: -1", "'promised_days' must not be negative", "promised_days: -1")]
    [InlineData("statutory_days: 7", "statutory_days: -7", "'statutory_days' must not be negative", "statutory_days: -7")]
    [InlineData("promised_days: 3", "promised_days: 9", "promised_days 9 exceeds statutory_days 7", "promised_days: 9")]
    [InlineData("promised_days: 3", "promised_days: soon", "must be a whole number", "promised_days: soon")]
    [InlineData("mode: both", "mode: fax", "mode must be online, window or both", "mode: fax")]
    [InlineData("    mode: both", "    mode: both\n    colour: red", "unknown key 'colour'", "colour: red")]
    [InlineData("  - {name: 承诺书", "  - {title: 承诺书", "unknown key 'title'", "{title: 承诺书")]
    [InlineData("  - code: build\n    name: 施工许可", "  - code: land # again\n    name: 施工许可", "duplicate stage code 'land'", "land # again")]
    [InlineData("    order: 2", "    order: 1 # again", "order 1 is already used by stage 'land'", "order: 1 # again")]
    [InlineData("  - code: B1", "  - code: a1", "duplicate item code 'a1'", "code: a1")]
    [InlineData("    name: 施工许可证核发", "    name: 项目备案 # again", "'项目备案' is already used by item 'A1'", "项目备案 # again")]
    [InlineData("    name: 施工许可证核发", "    name: 施工许可证核发\n    aliases: [备案] # again", "'备案' is already used by item 'A1'", "[备案] # again")]
    [InlineData("project_types: [filing]\n    requires", "project_types: []\n    requires", "list the project types", "project_types: []")]
    [InlineData("notice: 示例数据，待核实", "notes: 示例数据", "unknown key 'notes'", "notes: 示例数据")]
    [InlineData("user_id: li-drc}", "user_id: 李工}", "user_id '李工' is not a WeCom user id", "user_id: 李工}")]
    [InlineData("user_id: li-drc}", "user_id: wang.drc}", "contact user_id 'wang.drc' is listed twice", "{name: 李工, user_id: wang.drc}")]
    [InlineData("{name: 李工, user_id: li-drc}", "{name: 李工}", "'user_id' is missing", "{name: 李工}")]
    [InlineData("{name: 李工, user_id: li-drc}", "{name: 李工, user_id: li-drc, phone: 1}", "unknown key 'phone'", "phone: 1}")]
    public void Mistakes_are_reported_with_file_and_line(string original, string replacement, string problem, string expectedLine)
    {
        var yaml = Replace(Valid, original, replacement);

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Equal(File, error.File);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(LineOf(yaml, expectedLine), error.Line);
    }

    [Fact]
    public void An_item_without_materials_is_reported_at_its_materials_key()
    {
        var yaml = Replace(Valid, "    materials:\n      - 备案登记表", "    materials: []");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Contains("item 'A1': an item needs at least one material", error.Problem);
        Assert.Equal(LineOf(yaml, "materials: []"), error.Line);
    }

    [Fact]
    public void An_item_without_materials_key_is_reported_at_the_item()
    {
        var yaml = Replace(Valid, "    materials:\n      - 备案登记表\n", "");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Contains("at least one material", error.Problem);
        Assert.Equal(LineOf(yaml, "- code: A1"), error.Line);
    }

    [Fact]
    public void A_missing_name_is_reported_at_the_entry()
    {
        var yaml = Replace(Valid, "    name: 施工许可证核发\n", "");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Contains("item 'B1': 'name' is missing", error.Problem);
        Assert.Equal(LineOf(yaml, "- code: B1"), error.Line);
    }

    [Fact]
    public void A_cycle_of_requires_is_reported_where_it_closes()
    {
        var yaml = Replace(Valid, "    mode: online", "    mode: online\n    requires: [B1]");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Contains("cycle", error.Problem);
        Assert.Contains("A1 → B1 → A1", error.Problem);
        Assert.Equal(LineOf(yaml, "requires: [A1]"), error.Line);
    }

    [Fact]
    public void A_catalog_without_notice_is_rejected()
    {
        var yaml = Replace(Valid, "notice: 示例数据，待核实\n", "");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Contains("notice", error.Problem);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Broken_yaml_syntax_is_reported_with_its_line()
    {
        var yaml = Replace(Valid, "    aliases: [备案]", "    aliases: [备案");

        var error = Assert.Throws<ContentException>(() => ApprovalCatalogLoader.Parse(yaml, File));

        Assert.Equal(File, error.File);
        Assert.InRange(error.Line, LineOf(yaml, "aliases: [备案"), LineOf(yaml, "aliases: [备案") + 2);
    }

    private static string Replace(string text, string original, string replacement)
    {
        Assert.Contains(original, text);
        return text.Replace(original, replacement, StringComparison.Ordinal);
    }

    private static long LineOf(string text, string snippet)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(snippet.Trim(), StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{snippet}' not in the fixture");
    }
}
