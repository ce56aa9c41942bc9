using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpAgency.IntegrationTests.Hosting;

/// <summary>
/// The recognizer trained once for every host of the test run that reads the repository's dialogs: training it is
/// most of a host's start. Each host still reads dates on its own clock, and rebuilds its own model when it learns.
/// </summary>
internal static class SharedRecognition
{
    private static readonly Lazy<(RecognitionContent Content, IntentRecognizer Recognizer, KnowledgeIndex Index)> Trained = new(() =>
    {
        var content = RecognitionContent.Load(RepositoryRoot.Dialogs, Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml"));
        var recognizer = new IntentRecognizer(content, TimeProvider.System);
        return (content, recognizer, new KnowledgeIndex(content.Knowledge, recognizer.Gazetteer, recognizer.Settings));
    });

    public static void Use(IServiceCollection services)
    {
        var (content, recognizer, index) = Trained.Value;
        services.Replace(ServiceDescriptor.Singleton(content));
        services.Replace(ServiceDescriptor.Singleton(sp => recognizer.OnClock(sp.GetRequiredService<TimeProvider>())));
        services.Replace(ServiceDescriptor.Singleton(index));
    }
}
