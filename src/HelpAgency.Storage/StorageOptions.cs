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

    /// <summary>
    /// PostgreSQL: the connection string of the role that owns the schema, which migrations run as; empty runs them as
    /// <see cref="ConnectionString"/>'s role. With its own role the host cannot alter, disable or drop the ledger's triggers.
    /// </summary>
    public string? MigrationConnectionString { get; set; }

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

        if (Malformed("Storage:ConnectionString", options.ConnectionString) is { } malformed)
        {
            return ValidateOptionsResult.Fail(malformed);
        }

        if (string.IsNullOrWhiteSpace(options.MigrationConnectionString))
        {
            return ValidateOptionsResult.Success;
        }

        // SQLite has no roles: whoever can open the file can change anything in it.
        if (options.Provider != StorageProvider.Postgres)
        {
            return ValidateOptionsResult.Fail("Storage:MigrationConnectionString applies to PostgreSQL only.");
        }

        return Malformed("Storage:MigrationConnectionString", options.MigrationConnectionString) is { } migration
            ? ValidateOptionsResult.Fail(migration)
            : ValidateOptionsResult.Success;
    }

    private static string? Malformed(string key, string connectionString)
    {
        try
        {
            _ = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"{key} is malformed: {ex.Message}";
        }
    }
}
