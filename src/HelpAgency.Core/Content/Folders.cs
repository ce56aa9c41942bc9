namespace HelpAgency.Core.Content;

/// <summary>Small file-system helpers for content folders.</summary>
public static class Folders
{
    /// <summary>Copies <paramref name="from"/> with its files and subfolders into <paramref name="to"/>.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
