using BenchmarkDotNet.Attributes;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Benchmarks.Recognition;

/// <summary>
/// One recognition (the issue aims under 20 µs) and one training of the classifier at start.
/// Run with: dotnet run -c Release --project tests/HelpAgency.Benchmarks -- --filter '*Recognition*' --job short
/// </summary>
[MemoryDiagnoser]
public class RecognitionBenchmarks
{
    private static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "生物城研发楼项目"]);

    private RecognitionContent _content = null!;
    private IntentRecognizer _recognizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _content = RecognitionContent.Load(FindDialogs());
        _recognizer = new IntentRecognizer(_content, TimeProvider.System);
    }

    [Benchmark]
    public RecognitionResult ParseQuestion() => _recognizer.Recognize("智造园施工许可证到哪一步了", Projects);

    [Benchmark]
    public RecognitionResult ParseBooking() => _recognizer.Recognize("明天下午三点能来我们现场吗 电话13912345678", Projects);

    [Benchmark]
    public IntentRecognizer Train() => new(_content, TimeProvider.System);

    private static string FindDialogs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HelpAgency.sln")))
            {
                return Path.Combine(dir.FullName, "dialogs");
            }
        }

        throw new InvalidOperationException("HelpAgency.sln not found above " + AppContext.BaseDirectory);
    }
}
