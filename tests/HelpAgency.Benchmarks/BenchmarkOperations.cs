using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Benchmarks;

/// <summary>The case operations as the host wires them: the repository's reply templates and a transactional outbox, so a measured change queues its pushes too.</summary>
internal static class BenchmarkOperations
{
    public static CaseOperations Create(string root, ApprovalCatalog catalog, WorkingDayCalendar calendar) =>
        CaseOperations.Create(catalog, new CasePlanCalculator(catalog, calendar), ReplyTemplates.Load(Path.Combine(root, "dialogs", ReplyTemplates.FileName)),
            new TransactionalOutbox(Microsoft.Extensions.Options.Options.Create(new PushOptions())));
}
