namespace HelpAgency.IntegrationTests.Hosting;

/// <summary>
/// The repository's catalog with what a deployment adds to it: a department's contacts. 东湖高新区建设局 (住建局) is
/// represented at coordination meetings by 张工, WeCom user housing-rep. Written once per test run; a host takes it with
/// <c>["Catalog:Path"] = TestCatalog.WithDepartmentContacts</c>.
/// </summary>
public static class TestCatalog
{
    public const string HousingRep = "housing-rep";

    public const string HousingRepName = "张工";

    private const string Department = "  - code: construction\n";

    private static readonly Lazy<string> Written = new(() =>
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml")).ReplaceLineEndings("\n");
        var at = shipped.IndexOf(Department, StringComparison.Ordinal);
        if (at < 0 || shipped.IndexOf(Department, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("dialogs/catalog.yaml no longer has one department 'construction' to give contacts");
        }

        var path = Path.Combine(Directory.CreateTempSubdirectory("helpagency-catalog-").FullName, "catalog.yaml");
        File.WriteAllText(path, shipped.Insert(at + Department.Length, $"    contacts: [{{name: {HousingRepName}, user_id: {HousingRep}}}]\n"));
        return path;
    });

    public static string WithDepartmentContacts => Written.Value;
}
