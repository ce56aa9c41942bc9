namespace HelpAgency.Host.Admin;

/// <summary>The staff console's pages: static files under wwwroot/console, each fetching the admin API.</summary>
public static class ConsolePages
{
    public const string Path = "/console";

    /// <summary>A console page (not its stylesheet or script, which the sign-in page shares).</summary>
    public static bool IsPage(PathString path) =>
        path.StartsWithSegments(Path) && System.IO.Path.GetExtension(path.Value) is "" or ".html";
}
