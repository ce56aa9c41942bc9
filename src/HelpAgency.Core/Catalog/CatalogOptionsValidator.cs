using Microsoft.Extensions.Options;

namespace HelpAgency.Core.Catalog;

/// <summary>Rejects empty paths at start, before the catalog is first needed.</summary>
internal sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("Catalog:Path must name the catalog file or folder (default dialogs/catalog.yaml).");
        }

        if (string.IsNullOrWhiteSpace(options.HolidaysPath))
        {
            failures.Add("Catalog:HolidaysPath must name the holidays file (default dialogs/holidays.yaml).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
