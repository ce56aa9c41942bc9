using BenchmarkDotNet.Running;
using HelpAgency.Benchmarks.Growth;

// Micro-benchmarks: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*'
// Case store at scale: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- cases [--cases N] [--ledger N] [--postgres "<connection string>"]
if (args is ["cases", .. var rest])
{
    return await CaseStoreBenchmark.RunAsync(rest);
}

// Staff console overview at scale: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- overview [--cases N] [--postgres "<connection string>"]
if (args is ["overview", .. var options])
{
    return await OverviewBenchmark.RunAsync(options);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>The benchmarks' entry point.</summary>
public partial class Program;
