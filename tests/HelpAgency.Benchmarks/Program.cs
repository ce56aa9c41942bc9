using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The benchmarks' entry point.</summary>
public partial class Program;
