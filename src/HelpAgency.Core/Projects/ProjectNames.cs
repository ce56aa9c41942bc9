using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Projects;

/// <summary>
/// The project names a user's messages may mention, which recognition finds as "project" entities: a contact's own
/// projects; for staff, the projects of the open cases they serve (a supervisor: the latest of all).
/// </summary>
public static class ProjectNames
{
    /// <summary>How many of the latest open cases a staff member's names come from.</summary>
    public const int StaffCases = 200;

    /// <summary>The names for a turn's user: a contact's as the turn's start read them, else read now.</summary>
    public static Task<IReadOnlyList<string>> KnownToAsync(TurnContext turn, CancellationToken cancellationToken) =>
        turn.ContactProjects is { } read ? Task.FromResult(read) : KnownToAsync(turn.Work, turn.User, cancellationToken);

    /// <summary>One query whatever the role: a staff member's names are read with their cases, not a lookup a case.</summary>
    public static Task<IReadOnlyList<string>> KnownToAsync(IUnitOfWork work, AppUser user, CancellationToken cancellationToken) =>
        user.Role switch
        {
            UserRole.Contact => work.Projects.NamesOfContactAsync(user.Id, cancellationToken),
            UserRole.Assistant => work.Projects.NamesWithOpenCasesAsync(user.Id, StaffCases, cancellationToken),
            _ => work.Projects.NamesWithOpenCasesAsync(assistantId: null, StaffCases, cancellationToken),
        };
}
