using HelpAgency.Core.Cases;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Architecture;

/// <summary>
/// The domain does not know the conversation: cases and the outbox are used by the dialogs, never the other way round,
/// so either can change (or be driven from the console or a scheduler) without the other. More generally, Core's
/// namespaces form no cycle beyond the known ones listed below, read from the compiled code. The direction: Dialogs uses
/// Cases, Outbox, Recognition, Knowledge, Catalog, Content and Conversation; nothing in Core uses Dialogs.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly Dictionary<string, HashSet<string>> Graph = NamespaceGraph.Build(typeof(CaseStatus).Assembly, "HelpAgency.Core");

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

    /// <summary>
    /// The cycles Core still has: the domain and the unit of work that aggregates its repositories (a repository
    /// interface names its records, the unit of work names every repository, an operation takes the unit of work), and
    /// the recognizer with the knowledge base it matches. A new namespace joining them, or a new cycle, fails here.
    /// Oversight is in the first since the console's reads run on a unit of work (IUnitOfWork.CaseQueries).
    /// </summary>
    private static readonly string[][] KnownCycles =
    [
        ["Cases", "Catalog", "Conversation", "Outbox", "Oversight", "Persistence", "Projects"],
        ["Knowledge", "Recognition"],
    ];

    [Fact]
    public void Core_namespaces_form_no_cycle_beyond_the_known_ones()
    {
        var unknown = NamespaceGraph.Components(Graph)
            .Where(c => !KnownCycles.Any(k => c.IsSubsetOf(k)))
            .Select(c => string.Join(", ", c.Order(StringComparer.Ordinal)))
            .ToList();

        Assert.True(unknown.Count == 0, "New namespace cycles in HelpAgency.Core:\n" + string.Join("\n", unknown) + "\n" + string.Join("\n", NamespaceGraph.Cycles(Graph)));
    }

    [Fact]
    public void The_dialogs_are_in_no_cycle_and_nothing_below_them_uses_them()
    {
        var users = Graph.Where(e => e.Value.Contains("Dialogs")).Select(e => e.Key).ToList();

        Assert.Empty(users);
        Assert.DoesNotContain(NamespaceGraph.Components(Graph), c => c.Contains("Dialogs"));
    }

    [Fact]
    public void The_graph_sees_what_the_code_uses()
    {
        // The dialogs call the case operations and queue through the outbox: if the scan missed these it would miss a cycle too.
        Assert.Contains("Cases", Graph["Dialogs"]);
        Assert.Contains("Outbox", Graph["Dialogs"]);
        Assert.DoesNotContain("Dialogs", Graph["Cases"]);
    }

    [Fact]
    public void The_cycle_check_reports_a_cycle()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["Cases"] = ["Outbox"],
            ["Outbox"] = ["Dialogs"],
            ["Dialogs"] = ["Cases"],
            ["Catalog"] = [],
        };

        var cycle = Assert.Single(NamespaceGraph.Cycles(edges));
        Assert.StartsWith("Cases, Dialogs, Outbox:", cycle, StringComparison.Ordinal);
        Assert.Equal(["Cases", "Dialogs", "Outbox"], Assert.Single(NamespaceGraph.Components(edges)).Order(StringComparer.Ordinal));
    }
}
