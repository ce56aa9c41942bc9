using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.Learning;

/// <summary>
/// <c>dotnet run --project src/HelpAgency.Host -- merge-learned</c>: writes what supervisors taught on the configured
/// database into the dialogs folder's YAML files (intent examples, knowledge paraphrases), so that it ships with the
/// content; prints what it did and exits without starting the host.
/// </summary>
public static class MergeLearnedCommand
{
    public const string Name = "merge-learned";

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        var dialogs = services.GetRequiredService<DialogFolder>().Path;
        IReadOnlyList<Core.Recognition.LearnedPhrasing> learned;
        await using (var work = await services.GetRequiredService<IUnitOfWorkFactory>().BeginReadAsync(cancellationToken))
        {
            learned = await work.MissedQuestions.LearnedAsync(cancellationToken);
        }

        var outcome = LearnedContentWriter.Merge(dialogs, learned);
        foreach (var (file, count) in outcome.Added)
        {
            await output.WriteLineAsync($"{Path.GetRelativePath(dialogs, file)}: {count} added");
        }

        await output.WriteLineAsync($"{learned.Count} learned, {outcome.Added.Values.Sum()} added, {outcome.AlreadyPresent} already in dialogs/, {outcome.Unplaced.Count} without a target");
        foreach (var line in outcome.Unplaced)
        {
            await output.WriteLineAsync("  no target: " + line);
        }

        return outcome.Unplaced.Count == 0 ? 0 : 1;
    }
}
