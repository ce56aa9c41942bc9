using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Core.Cases;

/// <summary>
/// The application API of the service, one class per step: every change to a case goes through one of them, whether
/// it comes from a chat, a card button or the admin API. Each operation checks who may do it (through the shared
/// <see cref="CaseGuard"/>), keeps the lifecycle rules, and writes its ledger entry and its pushes (outbox rows) in
/// the caller's transaction, so the change, its record and the news of it commit together or not at all.
/// </summary>
public sealed class CaseOperations(CaseReader reader, CaseIntake intake, CaseProgress progress, CaseCoordination coordination, CaseClosing closing, CaseSupervision supervision)
{
    /// <summary>Reading a case, the visible cases, a case's ledger.</summary>
    public CaseReader Reader { get; } = reader;

    /// <summary>提前介入 and 委托受理: visits, the application, contacts, the hand-off to a person.</summary>
    public CaseIntake Intake { get; } = intake;

    /// <summary>实施帮办代办: item progress, pre-checks, service records.</summary>
    public CaseProgress Progress { get; } = progress;

    /// <summary>协调办理: issues, meetings, minutes, follow-up actions.</summary>
    public CaseCoordination Coordination { get; } = coordination;

    /// <summary>项目归档: evaluation and its request, complaints, archive, termination.</summary>
    public CaseClosing Closing { get; } = closing;

    /// <summary>改派 and 督办.</summary>
    public CaseSupervision Supervision { get; } = supervision;

    /// <summary>The steps wired together outside a container (tests, benchmarks, tools), pushing through <paramref name="outbox"/>.</summary>
    public static CaseOperations Create(ApprovalCatalog catalog, CasePlanCalculator planner, ReplyTemplates replies, IOutbox outbox, PlanScope? scope = null, CaseOptions? options = null)
    {
        var guard = new CaseGuard(catalog, replies);
        var pushes = new CasePushes(replies, outbox, catalog);
        var reader = new CaseReader(guard);
        return new CaseOperations(reader, new CaseIntake(guard, pushes, reader, catalog, planner, scope), new CaseProgress(guard, pushes, reader, catalog, planner),
            new CaseCoordination(guard, pushes), new CaseClosing(guard, pushes, reader, catalog, planner.Calendar, Microsoft.Extensions.Options.Options.Create(options ?? new CaseOptions())), new CaseSupervision(guard, pushes));
    }
}
