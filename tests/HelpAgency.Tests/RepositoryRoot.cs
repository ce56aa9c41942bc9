namespace HelpAgency.Tests;

/// <summary>The repository's root folder, found from the test binaries by walking up to the solution file.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HelpAgency.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HelpAgency.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;
}
