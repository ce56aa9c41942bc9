using System.Globalization;

namespace HelpAgency.Load;

/// <summary>The command line of the load run.</summary>
public sealed record LoadOptions(
    string Engine,
    string? Postgres,
    int Users,
    TimeSpan Warmup,
    TimeSpan Duration,
    int PacedRate,
    string Configuration,
    string? Utterance = null)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/HelpAgency.Load -- [--engine sqlite|postgres] [--postgres <connection string>] " +
        "[--users 64] [--seconds 20] [--warmup 45] [--rate 5000] [--utterance <text>]";

    public static LoadOptions Parse(string[] args)
    {
        string engine = "sqlite";
        string? postgres = Environment.GetEnvironmentVariable("HELPAGENCY_TEST_POSTGRES");
        // Under load on two cores the host's JIT keeps tiering methods up for about 40 s (its perf map stops growing
        // then): a shorter warm-up measures the compiler as much as the host.
        int users = 64, seconds = 20, warmup = 45, rate = 5000;
        // Every turn the same text instead of the whole conversations: what the cheapest kind of turn costs.
        string? utterance = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--engine": engine = Next(); break;
                case "--postgres": postgres = Next(); engine = "postgres"; break;
                case "--users": users = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--utterance": utterance = Next(); break;
                default: throw new ArgumentException($"unknown argument {args[i]}\n{Usage}");
            }
        }

        if (utterance is { Length: 0 })
        {
            throw new ArgumentException($"--utterance needs a text\n{Usage}");
        }

        if (engine is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException($"--engine is sqlite or postgres\n{Usage}");
        }

        if (engine == "postgres" && string.IsNullOrEmpty(postgres))
        {
            throw new ArgumentException($"--engine postgres needs --postgres <connection string> (or HELPAGENCY_TEST_POSTGRES)\n{Usage}");
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return new LoadOptions(engine, postgres, users, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), rate, configuration, utterance);
    }
}
