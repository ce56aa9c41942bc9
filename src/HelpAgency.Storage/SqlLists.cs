namespace HelpAgency.Storage;

/// <summary>SQL text that differs between the engines for the same meaning.</summary>
internal static class SqlLists
{
    /// <summary>A column in a list parameter: Dapper expands lists for SQLite, and passes an array to PostgreSQL.</summary>
    public static string AnyOf(this StorageProvider provider, string column, string parameter) => provider == StorageProvider.Postgres
        ? $"{column} = ANY(@{parameter})"
        : $"{column} IN @{parameter}";
}
