using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Catalog;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(Path.Combine(RepositoryRoot.Dialogs, WorkingDayCalendar.FileName));

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Shipped_file_covers_2025_and_2026()
    {
        Assert.Equal([2025, 2026], Calendar.CoveredYears.Order());
        Assert.True(Calendar.Covers(D(2026, 10, 1)));
        Assert.False(Calendar.Covers(D(2027, 10, 1)));
    }

    [Fact]
    public void National_Day_2026_is_off_from_1_to_7_October_with_make_up_days_on_20_September_and_10_October()
    {
        for (var day = D(2026, 10, 1); day <= D(2026, 10, 7); day = day.AddDays(1))
        {
            Assert.False(Calendar.IsWorkingDay(day), $"{day} should be a holiday");
        }

        Assert.True(Calendar.IsWorkingDay(D(2026, 9, 20)));  // Sunday, make-up day
        Assert.True(Calendar.IsWorkingDay(D(2026, 10, 10))); // Saturday, make-up day
        Assert.True(Calendar.IsWorkingDay(D(2026, 10, 8)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 10, 11)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 9, 25)));  // Mid-Autumn Festival, a Friday
    }

    [Fact]
    public void Spring_Festival_2026_is_off_from_15_to_23_February_with_make_up_Saturdays_14_and_28_February()
    {
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 16)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 2, 23))); // Monday, 初七
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 24)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 14)));
        Assert.True(Calendar.IsWorkingDay(D(2026, 2, 28)));
        Assert.Equal(6, Enumerable.Range(0, 9).Count(i => D(2026, 2, 15).AddDays(i).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
    }

    [Fact]
    public void Spring_Festival_and_National_Day_2025_follow_the_2025_notice()
    {
        Assert.False(Calendar.IsWorkingDay(D(2025, 1, 28)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 2, 4)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 1, 26)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 2, 8)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 10, 8)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 9, 28)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 10, 11)));
    }

    [Fact]
    public void Adding_working_days_skips_the_National_Day_holiday_and_counts_the_make_up_Saturday()
    {
        Assert.Equal(D(2026, 10, 8), Calendar.AddWorkingDays(D(2026, 9, 30), 1));
        Assert.Equal(D(2026, 10, 10), Calendar.AddWorkingDays(D(2026, 9, 30), 3));
        Assert.Equal(D(2026, 10, 12), Calendar.AddWorkingDays(D(2026, 9, 30), 4));
        Assert.Equal(D(2026, 9, 28), Calendar.AddWorkingDays(D(2026, 9, 24), 1));
    }

    [Fact]
    public void Adding_working_days_across_the_Spring_Festival()
    {
        Assert.Equal(D(2026, 2, 14), Calendar.AddWorkingDays(D(2026, 2, 12), 2));
        Assert.Equal(D(2026, 2, 24), Calendar.AddWorkingDays(D(2026, 2, 12), 3));
        Assert.Equal(D(2026, 2, 12), Calendar.AddWorkingDays(D(2026, 2, 24), -3));
    }

    [Fact]
    public void Zero_days_is_the_same_date_and_a_weekend_start_counts_from_the_next_working_day()
    {
        Assert.Equal(D(2026, 3, 7), Calendar.AddWorkingDays(D(2026, 3, 7), 0));
        Assert.Equal(D(2026, 3, 9), Calendar.AddWorkingDays(D(2026, 3, 7), 1));
        Assert.Equal(D(2026, 10, 8), Calendar.NextWorkingDayOnOrAfter(D(2026, 10, 1)));
        Assert.Equal(D(2026, 10, 8), Calendar.NextWorkingDayOnOrAfter(D(2026, 10, 8)));
    }

    [Fact]
    public void Working_days_between_is_the_inverse_of_adding_them()
    {
        Assert.Equal(3, Calendar.WorkingDaysBetween(D(2026, 9, 30), D(2026, 10, 10)));
        Assert.Equal(-3, Calendar.WorkingDaysBetween(D(2026, 10, 10), D(2026, 9, 30)));
        Assert.Equal(0, Calendar.WorkingDaysBetween(D(2026, 10, 1), D(2026, 10, 7)));
        for (var start = D(2026, 1, 1); start < D(2026, 12, 31); start = start.AddDays(11))
        {
            foreach (var n in new[] { 0, 1, 5, 20 })
            {
                Assert.Equal(n, Calendar.WorkingDaysBetween(start, Calendar.AddWorkingDays(start, n)));
            }
        }
    }

    [Fact]
    public void Years_outside_the_file_fall_back_to_Monday_to_Friday()
    {
        Assert.True(Calendar.IsWorkingDay(D(2027, 10, 1)));  // a Friday; the 2027 notice is not in the file
        Assert.False(Calendar.IsWorkingDay(D(2027, 10, 2)));
        Assert.True(Calendar.IsWorkingDay(D(2024, 10, 1)));
        Assert.Equal(D(2027, 1, 4), Calendar.AddWorkingDays(D(2026, 12, 31), 2));
        Assert.True(WorkingDayCalendar.WeekdaysOnly.IsWorkingDay(D(2026, 10, 1)));
    }

    [Theory]
    [InlineData("  - {date: 2026-10-10, name: 调休}", "  - {date: 2026-10-09, name: 调休}", "is a Friday", "2026-10-09")]
    [InlineData("  - {date: 2026-10-10, name: 调休}", "  - {date: 2027-10-09, name: 调休}", "is not in 2026", "2027-10-09")]
    [InlineData("  - {date: 2026-10-10, name: 调休}", "  - {date: 2026-10-04, name: 调休}", "also in holiday 国庆节", "2026-10-04")]
    [InlineData("  - {date: 2026-10-10, name: 调休}", "  - {date: 2026-09-20, name: 调休}", "listed twice", "- {date: 2026-09-20")]
    [InlineData("  - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}", "  - {name: 国庆节, from: 2026-10-07, to: 2026-10-01}", "is before 'from'", "2026-10-07, to")]
    [InlineData("  - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}", "  - {name: 国庆节, from: 2026-10-01, to: 2026-10-37}", "must be a date", "2026-10-37")]
    [InlineData("  - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}", "  - {name: 国庆节, from: 2026-10-01, until: 2026-10-07}", "unknown key 'until'", "until")]
    [InlineData("  - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}", "  - {name: 国庆节, from: 2026-09-27, to: 2026-10-07}", "already in holiday 中秋节", "2026-09-27")]
    public void Mistakes_in_the_holidays_file_are_reported_with_file_and_line(string original, string replacement, string problem, string expectedLine)
    {
        const string valid = """
            source: 国务院办公厅关于2026年部分节假日安排的通知
            years:
              - year: 2026
                source: 2025-11-04
                holidays:
                  - {name: 中秋节, from: 2026-09-25, to: 2026-09-27}
                  - {name: 国庆节, from: 2026-10-01, to: 2026-10-07}
                workdays:
                  - {date: 2026-09-20, name: 调休}
                  - {date: 2026-10-10, name: 调休}
            """;
        Assert.False(WorkingDayCalendar.Parse(valid, "holidays.yaml").IsWorkingDay(D(2026, 10, 1)));
        Assert.Contains(original, valid);
        var yaml = valid.Replace(original, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<ContentException>(() => WorkingDayCalendar.Parse(yaml, "holidays.yaml"));

        Assert.Equal("holidays.yaml", error.File);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(Array.FindLastIndex(yaml.Split('\n'), l => l.Contains(expectedLine, StringComparison.Ordinal)) + 1, error.Line);
    }

    [Theory]
    [InlineData(2025, 1, 1, null)]
    [InlineData(2025, 12, 31, null)]
    [InlineData(2026, 11, 25, 2027)]
    [InlineData(2027, 1, 4, 2027)]
    public void The_first_year_without_holidays_in_the_next_twelve_months_is_named(int year, int month, int day, int? missing)
    {
        var calendar = new WorkingDayCalendar([], [], [2025, 2026]);

        Assert.Equal(missing, calendar.FirstYearMissingWithin(D(year, month, day), 12));
    }
}
