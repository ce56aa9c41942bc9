using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HelpAgency.Storage.Sqlite;

/// <summary>How SQLite stores the values it has no type for: instants and days as fixed-width ISO text.</summary>
internal static class SqliteValues
{
    /// <summary>UTC with seven decimals, so that text order is time order.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public const string DayFormat = "yyyy-MM-dd";

    /// <summary>True for a parameter bound to a SQLite statement.</summary>
    public static bool Binds(IDbDataParameter parameter) => parameter is SqliteParameter;

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static string Day(DateOnly value) => value.ToString(DayFormat, CultureInfo.InvariantCulture);
}
