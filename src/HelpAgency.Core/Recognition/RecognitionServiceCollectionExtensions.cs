using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HelpAgency.Core.Recognition;

public static class RecognitionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the intent recognizer as a singleton, loaded from the dialogs folder and trained when first
    /// resolved (resolve it at start, so bad content stops the host with the file and line).
    /// </summary>
    public static IServiceCollection AddHelpAgencyRecognition(this IServiceCollection services, Func<IServiceProvider, string> dialogsFolder, Func<IServiceProvider, string>? catalogPath = null)
    {
        services.AddSingleton(sp => RecognitionContent.Load(dialogsFolder(sp), catalogPath?.Invoke(sp)));
        services.AddSingleton(sp => new IntentRecognizer(sp.GetRequiredService<RecognitionContent>(), sp.GetRequiredService<TimeProvider>()));
        // The knowledge base of dialogs/knowledge/, checked against the catalog's codes and indexed with the recognizer's names.
        services.AddSingleton(sp =>
        {
            var recognizer = sp.GetRequiredService<IntentRecognizer>();
            return new Knowledge.KnowledgeIndex(sp.GetRequiredService<RecognitionContent>().Knowledge, recognizer.Gazetteer, recognizer.Settings);
        });
        services.AddSingleton(sp =>
        {
            var content = sp.GetRequiredService<RecognitionContent>();
            var conditions = Knowledge.ConditionSet.Load(Path.Combine(dialogsFolder(sp), Knowledge.ConditionSet.FileName), Knowledge.CatalogCodes.From(content.Gazetteer));
            var recognizer = sp.GetRequiredService<IntentRecognizer>();
            return new Knowledge.ConditionAnswerer(conditions, recognizer.Gazetteer, recognizer.Settings);
        });
        services.AddSingleton(sp => new Knowledge.RecognitionModel(
            sp.GetRequiredService<RecognitionContent>(), sp.GetRequiredService<IntentRecognizer>(), sp.GetRequiredService<Knowledge.KnowledgeIndex>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IProjectDirectory, NoProjects>();
        return services;
    }
}
