using Dapper;
using HelpAgency.Core.Users;

namespace HelpAgency.Storage.Users;

internal sealed class UserRepository(DbSession session, IdentityMap map) : IUserRepository
{
    /// <summary>Reads a user (@id) as a <see cref="UserRow"/>.</summary>
    internal const string FindSql = "SELECT id AS Id, display_name AS DisplayName, role AS Role, created_at AS CreatedAt FROM users WHERE id = @id";

    public async Task<AppUser?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (map.TryGetUser(id, out var kept))
        {
            return kept;
        }

        var row = await session.Connection.QuerySingleOrDefaultAsync<UserRow>(session.Command(FindSql, new { id }, cancellationToken));
        return row is null ? null : Kept(row.ToUser());
    }

    // The user is nearly always there: one read, and the insert only for one not known yet.
    public async Task<AppUser> GetOrAddContactAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) ?? await AddContactAsync(id, now, cancellationToken);

    public async Task<AppUser> AddContactAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A concurrent first message may insert the same user: DO NOTHING returns no row, and the row that won is read.
        var added = await session.Connection.QuerySingleOrDefaultAsync<UserRow>(session.Command(
            """
            INSERT INTO users (id, display_name, role, created_at)
            VALUES (@id, @id, 'contact', @now)
            ON CONFLICT (id) DO NOTHING
            RETURNING id AS Id, display_name AS DisplayName, role AS Role, created_at AS CreatedAt
            """,
            new { id, now },
            cancellationToken));
        return (added is null ? null : Kept(added.ToUser())) ?? await FindAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"User {id} vanished inside its own transaction.");
    }

    public Task UpsertAsync(AppUser user, CancellationToken cancellationToken)
    {
        map.UserWritten(user.Id);
        return session.Connection.ExecuteAsync(session.Command(
            """
            INSERT INTO users (id, display_name, role, created_at)
            VALUES (@Id, @DisplayName, @Role, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role
            """,
            new { user.Id, user.DisplayName, Role = user.Role.ToStorage(), user.CreatedAt },
            cancellationToken));
    }

    /// <summary>A user read (or inserted and returned) whole, kept for the unit's next look.</summary>
    private AppUser Kept(AppUser user)
    {
        map.Keep(user);
        return user;
    }

    internal sealed class UserRow
    {
        public string Id { get; init; } = "";

        public string DisplayName { get; init; } = "";

        public string Role { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public AppUser ToUser() => new(Id, DisplayName, UserRoles.Parse(Role), CreatedAt);
    }
}
