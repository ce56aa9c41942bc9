namespace HelpAgency.Load;

/// <summary>Turn latencies of one phase, in microseconds, with the percentiles the report prints.</summary>
public sealed class Latencies
{
    private readonly List<long> _micros = new(1 << 20);
    private readonly Lock _gate = new();

    public long Errors;
    /// <summary>Turns answered with an empty body, their replies sent through the API (more than one text message, or past the reply budget).</summary>
    public long ViaApi;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _micros.Count;
            }
        }
    }

    public void Add(long micros)
    {
        lock (_gate)
        {
            _micros.Add(micros);
        }
    }

    public double PercentileMs(double p)
    {
        lock (_gate)
        {
            if (_micros.Count == 0)
            {
                return 0;
            }

            _micros.Sort();
            var index = (int)Math.Ceiling(p / 100 * _micros.Count) - 1;
            return _micros[Math.Clamp(index, 0, _micros.Count - 1)] / 1000.0;
        }
    }
}
