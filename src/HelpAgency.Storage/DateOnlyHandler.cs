using System.Data;
using System.Globalization;
using Dapper;
using HelpAgency.Storage.Sqlite;

namespace HelpAgency.Storage;

/// <summary>Calendar days: ISO text (yyyy-MM-dd) in SQLite, date in PostgreSQL.</summary>
internal sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        if (SqliteValues.Binds(parameter))
        {
            parameter.DbType = DbType.String;
            parameter.Value = SqliteValues.Day(value);
        }
        else
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly day => day,
        DateTime time => DateOnly.FromDateTime(time),
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a date."),
    };
}
