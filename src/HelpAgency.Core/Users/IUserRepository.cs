namespace HelpAgency.Core.Users;

/// <summary>Users the bot has met or was told about.</summary>
public interface IUserRepository
{
    Task<AppUser?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Returns the user, first recording an unknown id as an enterprise contact.</summary>
    Task<AppUser> GetOrAddContactAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records an id just found unknown (a turn's start read it) as an enterprise contact, without looking again; a user
    /// added meanwhile (a concurrent first message) is returned as stored.
    /// </summary>
    Task<AppUser> AddContactAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Inserts the user or updates name and role of an existing one.</summary>
    Task UpsertAsync(AppUser user, CancellationToken cancellationToken);
}
