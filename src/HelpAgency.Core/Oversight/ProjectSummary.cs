using HelpAgency.Core.Projects;

namespace HelpAgency.Core.Oversight;

/// <summary>A project with its current contacts and the ids of its cases.</summary>
public sealed record ProjectSummary(Project Project, IReadOnlyList<ProjectContact> Contacts, IReadOnlyList<long> CaseIds);
