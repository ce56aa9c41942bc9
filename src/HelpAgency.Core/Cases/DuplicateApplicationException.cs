using HelpAgency.Core.Projects;

namespace HelpAgency.Core.Cases;

/// <summary>
/// An application entered by staff repeats <see cref="OpenCase"/>, an open case of the same unit and project: refused
/// (409) unless the application confirms, by naming that case, that its project is a different one.
/// </summary>
public sealed class DuplicateApplicationException(OpenCaseOfUnit openCase, string message) : CaseOperationException(CaseError.Conflict, message)
{
    public OpenCaseOfUnit OpenCase { get; } = openCase;
}
