using System.Text.Json;
using Dapper;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;

namespace HelpAgency.Storage.Staff;

internal sealed class StaffRepository(DbSession session, IdentityMap map) : IStaffRepository
{
    private const string Select = """
        SELECT s.user_id AS UserId, u.display_name AS Name, u.role AS Role, s.phone AS Phone, s.parks AS Parks, s.on_duty AS OnDuty
        FROM staff s JOIN users u ON u.id = s.user_id
        """;

    /// <summary>A staff member (@userId) as a <see cref="Row"/>.</summary>
    internal const string FindSql = Select + " WHERE s.user_id = @userId";

    public async Task UpsertAsync(StaffMember member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!member.Role.IsStaff())
        {
            throw new ArgumentException("Staff must be an assistant or a supervisor.", nameof(member));
        }

        map.UserWritten(member.UserId);
        await session.Connection.ExecuteAsync(session.Command(
            """
            INSERT INTO users (id, display_name, role, created_at) VALUES (@UserId, @Name, @Role, @now)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role;
            INSERT INTO staff (user_id, phone, parks, on_duty) VALUES (@UserId, @Phone, @Parks, @OnDuty)
            ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, parks = excluded.parks, on_duty = excluded.on_duty;
            """,
            new { member.UserId, member.Name, Role = member.Role.ToStorage(), member.Phone, Parks = JsonSerializer.Serialize(member.Parks), member.OnDuty, now },
            cancellationToken));
    }

    public async Task<StaffMember?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        if (map.TryGetStaff(userId, out var kept))
        {
            return kept;
        }

        var member = (await session.Connection.QuerySingleOrDefaultAsync<Row>(session.Command(FindSql, new { userId }, cancellationToken)))?.ToMember();
        map.KeepStaff(userId, member);
        return member;
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(UserRole? role, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<Row>(session.Command(
            Select + " WHERE @role IS NULL OR u.role = @role ORDER BY s.user_id",
            new { role = role?.ToStorage() },
            cancellationToken));
        var members = rows.Select(r => r.ToMember()).ToList();
        foreach (var member in members)
        {
            map.KeepStaff(member.UserId, member);
        }

        return members;
    }

    internal sealed class Row
    {
        public string UserId { get; init; } = "";

        public string Name { get; init; } = "";

        public string Role { get; init; } = "";

        public string Phone { get; init; } = "";

        public string Parks { get; init; } = "[]";

        public bool OnDuty { get; init; }

        public StaffMember ToMember() =>
            new(UserId, Name, UserRoles.Parse(Role), Phone, JsonSerializer.Deserialize<string[]>(Parks) ?? [], OnDuty);
    }
}
