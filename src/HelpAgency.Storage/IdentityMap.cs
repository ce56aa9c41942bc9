using HelpAgency.Core.Cases;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Storage;

/// <summary>
/// The rows one unit of work has read, so that a second look at a case, a project, a project's contacts, a staff member
/// or a user in the same unit runs no statement: a turn that picks a case and then answers about it reads the case and
/// its project once. It lives and dies with its unit (made by it, never shared across units, turns or hosts), so
/// nothing in it outlives the transaction that read it. The unit's own writes through its repositories forget what
/// they change. On PostgreSQL, where a writing unit reads committed data statement by statement, a locking read
/// (FOR UPDATE) forgets everything read before it, since the lock may have waited for another host's commit; the
/// locked case is kept, and a later locking read of it needs no statement. On SQLite a writing unit runs inside the
/// writer's transaction, which no other connection writes under, and a read unit on one snapshot.
/// </summary>
internal sealed class IdentityMap(StorageProvider provider)
{
    private readonly Dictionary<long, (ServiceCase Case, bool Locked)> _cases = [];
    private readonly Dictionary<long, Project> _projects = [];
    private readonly Dictionary<(long ProjectId, bool History), IReadOnlyList<ProjectContact>> _contacts = [];
    private readonly HashSet<(long ProjectId, string UserId)> _currentContacts = [];
    private readonly Dictionary<string, StaffMember?> _staff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppUser> _users = new(StringComparer.Ordinal);

    // ---- Cases ----

    /// <summary>A case read before; for an update on PostgreSQL only one this unit has locked.</summary>
    public bool TryGetCase(long id, bool forUpdate, out ServiceCase serviceCase)
    {
        if (_cases.TryGetValue(id, out var kept) && (kept.Locked || !forUpdate || provider != StorageProvider.Postgres))
        {
            serviceCase = kept.Case;
            return true;
        }

        serviceCase = null!;
        return false;
    }

    /// <summary>Called before a read that locks a row on PostgreSQL: whatever was read before it may be older than what the lock waited for.</summary>
    public void BeforeLockingRead()
    {
        if (provider == StorageProvider.Postgres)
        {
            Clear();
        }
    }

    public void Keep(ServiceCase serviceCase, bool locked = false)
    {
        var wasLocked = _cases.TryGetValue(serviceCase.Id, out var kept) && kept.Locked;
        _cases[serviceCase.Id] = (serviceCase, locked || wasLocked);
    }

    public void Keep(IEnumerable<ServiceCase> cases)
    {
        foreach (var serviceCase in cases)
        {
            Keep(serviceCase);
        }
    }

    /// <summary>The unit changed the case's row: read it again when asked.</summary>
    public void CaseWritten(long id) => _cases.Remove(id);

    // ---- Projects and their contacts ----

    public bool TryGetProject(long id, out Project project) => _projects.TryGetValue(id, out project!);

    public void Keep(Project project) => _projects[project.Id] = project;

    /// <summary>A project's contacts read before: current ones first, with the ended ones when <paramref name="includeHistory"/>.</summary>
    public bool TryGetContacts(long projectId, bool includeHistory, out IReadOnlyList<ProjectContact> contacts)
    {
        if (_contacts.TryGetValue((projectId, includeHistory), out contacts!))
        {
            return true;
        }

        // The whole history holds the current ones, first and by id: what a read of the current ones alone returns.
        if (!includeHistory && _contacts.TryGetValue((projectId, true), out var all))
        {
            contacts = all.Where(c => c.IsCurrent).ToList();
            return true;
        }

        return false;
    }

    public void Keep(long projectId, bool includeHistory, IReadOnlyList<ProjectContact> contacts)
    {
        _contacts[(projectId, includeHistory)] = contacts;
        foreach (var contact in contacts.Where(c => c.IsCurrent))
        {
            _currentContacts.Add((projectId, contact.UserId));
        }
    }

    /// <summary>A row read showed <paramref name="userId"/> as a current contact of the project.</summary>
    public void KeepCurrentContact(long projectId, string userId) => _currentContacts.Add((projectId, userId));

    /// <summary>Whether the user is a current contact of the project, when a read of this unit showed it; null when none did.</summary>
    public bool? IsCurrentContact(long projectId, string userId)
    {
        if (_currentContacts.Contains((projectId, userId)))
        {
            return true;
        }

        return TryGetContacts(projectId, includeHistory: false, out var current) ? current.Any(c => c.UserId == userId) : null;
    }

    /// <summary>The unit added or ended a contact of the project.</summary>
    public void ContactsWritten(long projectId)
    {
        _contacts.Remove((projectId, false));
        _contacts.Remove((projectId, true));
        _currentContacts.RemoveWhere(c => c.ProjectId == projectId);
    }

    // ---- Staff and users ----

    /// <summary>A staff member read before, or the knowledge that the user is none (null).</summary>
    public bool TryGetStaff(string userId, out StaffMember? member) => _staff.TryGetValue(userId, out member);

    public void KeepStaff(string userId, StaffMember? member) => _staff[userId] = member;

    public bool TryGetUser(string id, out AppUser user) => _users.TryGetValue(id, out user!);

    public void Keep(AppUser user) => _users[user.Id] = user;

    /// <summary>The unit wrote the user's row (or their staff row, which a staff member is read with).</summary>
    public void UserWritten(string id)
    {
        _users.Remove(id);
        _staff.Remove(id);
    }

    private void Clear()
    {
        _cases.Clear();
        _projects.Clear();
        _contacts.Clear();
        _currentContacts.Clear();
        _staff.Clear();
        _users.Clear();
    }
}
