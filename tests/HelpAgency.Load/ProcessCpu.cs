using System.Globalization;

namespace HelpAgency.Load;

/// <summary>A process's CPU time, user and system, from <c>/proc/&lt;pid&gt;/stat</c>; null where there is no <c>/proc</c>.</summary>
public static class ProcessCpu
{
    // /proc counts in USER_HZ ticks, which the kernel fixes at 100 a second for user space on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan? Read(int processId)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of one stat line.</summary>
    public static TimeSpan Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses: count from the last ')'.
        // After it comes field 3 (the state); utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>µs per item, or n/a.</summary>
    public static string PerItem(TimeSpan? cpu, long items) =>
        cpu is { } time && items > 0 ? (time.TotalMicroseconds / items).ToString("F0", CultureInfo.InvariantCulture) : "n/a";
}
