namespace HelpAgency.Core.Catalog;

/// <summary>Section "Catalog": where the approval catalog and the holiday calendar live.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>The catalog file, or a folder of *.yaml files; relative paths are taken from the content root.</summary>
    public string Path { get; set; } = "dialogs/catalog.yaml";

    /// <summary>The public-holiday file for working-day counts; relative paths are taken from the content root.</summary>
    public string HolidaysPath { get; set; } = "dialogs/" + WorkingDayCalendar.FileName;

    /// <summary>Set by <see cref="CatalogServiceCollectionExtensions.AddHelpAgencyCatalog"/>: the host's content root.</summary>
    public string BasePath { get; set; } = AppContext.BaseDirectory;

    public string FullPath => System.IO.Path.GetFullPath(Path, BasePath);

    public string FullHolidaysPath => System.IO.Path.GetFullPath(HolidaysPath, BasePath);
}
