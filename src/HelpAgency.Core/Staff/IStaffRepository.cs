using HelpAgency.Core.Users;

namespace HelpAgency.Core.Staff;

public interface IStaffRepository
{
    /// <summary>Inserts or updates the staff member and their user row.</summary>
    Task UpsertAsync(StaffMember member, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StaffMember?> FindAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StaffMember>> ListAsync(UserRole? role, CancellationToken cancellationToken);
}
