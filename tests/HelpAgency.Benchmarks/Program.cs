using BenchmarkDotNet.Running;
using HelpAgency.Benchmarks.Growth;
using HelpAgency.Benchmarks.Pushes;

// Micro-benchmarks: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*'
// Case store at scale: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- cases [--cases N] [--ledger N] [--postgres "<connection string>"]
// Growth curves at 1k, 10k and 100k cases: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- growth [--scales 1000,10000,100000] [--samples N] [--postgres "<connection string>"] [--keep]
// Dispatcher throughput: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- pushes [--pushes N] [--members N] [--faults PERCENT] [--batch N] [--concurrency N] [--postgres "<connection string>"]
if (args is ["cases", .. var rest])
{
    return await CaseStoreBenchmark.RunAsync(rest);
}

if (args is ["growth", .. var growth])
{
    return await GrowthBenchmark.RunAsync(growth);
}

if (args is ["pushes", .. var pushArgs])
{
    return await PushDispatchBenchmark.RunAsync(pushArgs);
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
