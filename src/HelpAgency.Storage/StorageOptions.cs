using Microsoft.Extensions.Options;

namespace HelpAgency.Storage;

/// <summary>The database engines the repositories speak.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Section "Storage": which database and where.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>An ADO.NET connection string; a relative SQLite file is taken from <see cref="BasePath"/>.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/helpagency.db";

    /// <summary>The folder relative SQLite paths are resolved against (the host sets its content root).</summary>
    public string BasePath { get; set; } = Directory.GetCurrentDirectory();
}

/// <summary>Stops the host at start when the storage settings cannot work.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail("Storage:Provider must be Sqlite or Postgres.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Storage:ConnectionString is required.");
        }

        try
        {
            _ = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is malformed: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
