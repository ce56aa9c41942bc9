using HelpAgency.Core.Content;

namespace HelpAgency.Core.Catalog;

/// <summary>
/// Working days (工作日) under the PRC public-holiday arrangements of dialogs/holidays.yaml: public
/// holidays are days off, 调休 make-up days are working days even on a weekend. A date in a year the file
/// does not cover falls back to plain Monday–Friday, so plans past the last published year stay usable
/// but ignore that year's holidays; <see cref="Covers"/> tells which case applies.
/// </summary>
public sealed class WorkingDayCalendar
{
    public const string FileName = "holidays.yaml";

    private static readonly string[] RootKeys = ["source", "years"];
    private static readonly string[] YearKeys = ["year", "source", "holidays", "workdays"];
    private static readonly string[] HolidayKeys = ["name", "from", "to"];
    private static readonly string[] WorkdayKeys = ["date", "name"];

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workdays;
    private readonly HashSet<int> _years;

    /// <summary>A calendar from explicit days; <paramref name="coveredYears"/> are the years they are complete for.</summary>
    public WorkingDayCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkdays, IEnumerable<int> coveredYears)
    {
        _holidays = [.. holidays];
        _workdays = [.. makeUpWorkdays];
        _years = [.. coveredYears];
        if (_holidays.Overlaps(_workdays))
        {
            throw new ArgumentException("A day cannot be both a holiday and a make-up working day.", nameof(makeUpWorkdays));
        }
    }

    /// <summary>Monday to Friday, no holidays: the fallback for every year.</summary>
    public static WorkingDayCalendar WeekdaysOnly { get; } = new([], [], []);

    /// <summary>The years whose holidays and make-up days are known.</summary>
    public IReadOnlyCollection<int> CoveredYears => _years;

    /// <summary>True when <paramref name="date"/>'s year has its official arrangement in the calendar.</summary>
    public bool Covers(DateOnly date) => _years.Contains(date.Year);

    /// <summary>
    /// The first year between <paramref name="today"/> and <paramref name="months"/> ahead that the calendar does not list
    /// (plans into it would count Monday to Friday only), or null when every one is listed.
    /// </summary>
    public int? FirstYearMissingWithin(DateOnly today, int months) =>
        Enumerable.Range(today.Year, today.AddMonths(months).Year - today.Year + 1).Cast<int?>().FirstOrDefault(year => !_years.Contains(year!.Value));

    public bool IsWorkingDay(DateOnly date)
    {
        if (_workdays.Contains(date))
        {
            return true;
        }

        return !_holidays.Contains(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary><paramref name="date"/> itself when it is a working day, else the next working day.</summary>
    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="date"/>, not counting the date itself
    /// (期间开始之日不计算在内): Friday + 1 is the next Monday. 0 returns the date unchanged; negative counts back.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        var step = days < 0 ? -1 : 1;
        for (var left = Math.Abs(days); left > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }

        return date;
    }

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n; negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Loads a holidays file such as dialogs/holidays.yaml.</summary>
    public static WorkingDayCalendar Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ContentException(path, 0, "file not found");
        }

        return Parse(File.ReadAllText(path), System.IO.Path.GetFileName(path));
    }

    /// <summary>Parses a holidays document; <paramref name="file"/> is the name used in error messages.</summary>
    public static WorkingDayCalendar Parse(string yaml, string file)
    {
        using var reader = new StringReader(yaml);
        var root = YamlMap.LoadRoot(reader, file, "holidays");
        root.AllowOnly("holidays", RootKeys);
        root.RequiredText("source", "holidays");

        var holidays = new Dictionary<DateOnly, string>();
        var workdays = new HashSet<DateOnly>();
        var years = new HashSet<int>();
        foreach (var node in root.Sequence("years", "holidays"))
        {
            var map = YamlMap.From(file, node, "year");
            map.AllowOnly("year", YearKeys);
            var year = map.OptionalInt("year", "year") ?? throw new ContentException(file, map.Line, "year: 'year' is missing");
            var what = $"year {year}";
            if (!years.Add(year))
            {
                throw new ContentException(file, map.LineOf("year"), $"{what} is listed twice");
            }

            map.RequiredText("source", what);
            foreach (var entry in map.Sequence("holidays", what))
            {
                ReadHoliday(YamlMap.From(file, entry, $"{what} holiday"), year, holidays);
            }

            foreach (var entry in map.Sequence("workdays", what))
            {
                var workday = YamlMap.From(file, entry, $"{what} workday");
                workday.AllowOnly($"{what} workday", WorkdayKeys);
                var date = workday.RequiredDate("date", $"{what} workday");
                var line = workday.LineOf("date");
                if (date.Year != year)
                {
                    throw new ContentException(file, line, $"{what}: make-up working day {date:yyyy-MM-dd} is not in {year}");
                }

                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new ContentException(file, line, $"{what}: make-up working day {date:yyyy-MM-dd} is a {date.DayOfWeek}, already a working day");
                }

                if (holidays.TryGetValue(date, out var holiday))
                {
                    throw new ContentException(file, line, $"{what}: {date:yyyy-MM-dd} is a make-up working day and also in holiday {holiday}");
                }

                if (!workdays.Add(date))
                {
                    throw new ContentException(file, line, $"{what}: make-up working day {date:yyyy-MM-dd} is listed twice");
                }
            }
        }

        if (years.Count == 0)
        {
            throw new ContentException(file, root.LineOf("years"), "holidays: 'years' lists no year");
        }

        return new WorkingDayCalendar(holidays.Keys, workdays, years);
    }

    private static void ReadHoliday(YamlMap map, int year, Dictionary<DateOnly, string> holidays)
    {
        var what = $"year {year} holiday";
        map.AllowOnly(what, HolidayKeys);
        var name = map.RequiredText("name", what);
        var from = map.RequiredDate("from", $"holiday {name}");
        var to = map.Has("to") ? map.RequiredDate("to", $"holiday {name}") : from;
        if (to < from)
        {
            throw new ContentException(map.File, map.LineOf("to"), $"holiday {name}: 'to' {to:yyyy-MM-dd} is before 'from' {from:yyyy-MM-dd}");
        }

        if (from.Year != year || to.Year != year)
        {
            throw new ContentException(map.File, map.LineOf("from"), $"holiday {name}: {from:yyyy-MM-dd}–{to:yyyy-MM-dd} is not within {year}");
        }

        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (!holidays.TryAdd(day, name))
            {
                throw new ContentException(map.File, map.LineOf("from"), $"holiday {name}: {day:yyyy-MM-dd} is already in holiday {holidays[day]}");
            }
        }
    }
}
