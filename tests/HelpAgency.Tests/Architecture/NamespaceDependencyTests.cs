using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Architecture;

/// <summary>
/// The domain does not know the conversation: cases and the outbox are used by the dialogs, never the other way round,
/// so either can change (or be driven from the console or a scheduler) without the other.
/// </summary>
public sealed class NamespaceDependencyTests
{
    [Theory]
    [InlineData("Cases")]
    [InlineData("Outbox")]
    public void The_domain_folder_refers_to_nothing_of_the_dialogs(string folder)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src", "HelpAgency.Core", folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(l => l.line.Contains("HelpAgency.Core.Dialogs", StringComparison.Ordinal) || l.line.Contains("Dialogs.", StringComparison.Ordinal))
            .Select(l => $"{Path.GetFileName(l.file)}:{l.index + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
