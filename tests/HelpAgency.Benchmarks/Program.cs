using BenchmarkDotNet.Running;
using HelpAgency.Benchmarks.Growth;
using HelpAgency.Benchmarks.Pushes;

// Micro-benchmarks: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*'
// Case store at scale: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- cases [--cases N] [--ledger N] [--postgres "<connection string>"]
// Dispatcher throughput: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- pushes [--pushes N] [--members N] [--faults PERCENT] [--batch N] [--concurrency N] [--postgres "<connection string>"]
if (args is ["cases", .. var rest])
{
    return await CaseStoreBenchmark.RunAsync(rest);
}

if (args is ["pushes", .. var pushArgs])
{
    return await PushDispatchBenchmark.RunAsync(pushArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>The benchmarks' entry point.</summary>
public partial class Program;
