using System.Data;
using System.Globalization;
using Dapper;
using HelpAgency.Storage.Sqlite;

namespace HelpAgency.Storage;

/// <summary>
/// Stores instants as UTC: fixed-width ISO 8601 text in SQLite (so text order is time order) and
/// timestamptz in PostgreSQL; reads either back as a <see cref="DateTimeOffset"/>.
/// </summary>
internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            // Dapper maps these types itself unless their built-in mapping is removed first; without this the
            // handlers would be skipped for parameters and instants would reach the database in local offset.
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
            SqlMapper.RemoveTypeMap(typeof(DateOnly));
            SqlMapper.RemoveTypeMap(typeof(DateOnly?));
            SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
            SqlMapper.AddTypeHandler(new DateOnlyHandler());
        }
    }

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (SqliteValues.Binds(parameter))
        {
            parameter.DbType = DbType.String;
            parameter.Value = SqliteValues.Instant(value);
        }
        else
        {
            parameter.Value = value.ToUniversalTime();
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset instant => instant,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a point in time."),
    };
}
