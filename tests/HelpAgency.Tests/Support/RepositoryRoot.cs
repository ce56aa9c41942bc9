namespace HelpAgency.Tests.Support;

/// <summary>Finds the repository root (the folder of HelpAgency.sln) from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Dialogs => System.IO.Path.Combine(Path, "dialogs");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HelpAgency.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HelpAgency.sln not found above " + AppContext.BaseDirectory);
    }
}
