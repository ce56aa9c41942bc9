using Dapper;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Users;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// The project names recognition looks for in a user's message: a contact's current projects; an assistant's open
/// cases' projects; a supervisor's, the latest open cases' of all. Each name once, the newest first.
/// </summary>
public sealed class ProjectNamesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Each_role_reads_the_names_of_the_projects_it_serves(string engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await using (var connection = await test.Database.OpenAsync(default))
        {
            await connection.ExecuteAsync(
                "INSERT INTO users (id, display_name, role, created_at) VALUES (@id, @id, @role, @At)",
                new[] { ("zhang.san", "contact"), ("wu.er", "assistant"), ("zhou.yi", "assistant"), ("wang.wu", "supervisor") }
                    .Select(u => new { id = u.Item1, role = u.Item2, At }));
            var ids = new Dictionary<string, long>();
            foreach (var name in new[] { "智造园一期", "生物城二期", "光谷数据港", "未来城三期" })
            {
                ids[name] = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO projects (name, unit_name, credit_code, project_type, park, is_key_project, commits_to_start, created_at)
                    VALUES (@name, 'u', '91420100MA4K8LT2XN', 'social_filing', '光谷生物城', FALSE, FALSE, @At) RETURNING id
                    """,
                    new { name, At });
            }

            await connection.ExecuteAsync(
                "INSERT INTO project_contacts (project_id, user_id, name, phone, since, until) VALUES (@project, 'zhang.san', '张三', '13912345678', @At, @until)",
                new[] { ("智造园一期", (DateTimeOffset?)null), ("生物城二期", At.AddDays(1)), ("光谷数据港", null) }
                    .Select(c => new { project = ids[c.Item1], At, until = c.Item2 }));

            // Oldest first: the supervisor's names follow the newest case, so 智造园一期 (cases 1 and 5) comes first.
            foreach (var (project, status, assistant) in new (string, string, string?)[]
                     {
                         ("智造园一期", "accepted", "wu.er"), ("生物城二期", "in_progress", "zhou.yi"), ("光谷数据港", "archived", "wu.er"),
                         ("未来城三期", "accepted", null), ("智造园一期", "in_progress", "wu.er"),
                     })
            {
                await connection.ExecuteAsync(
                    "INSERT INTO cases (project_id, status, assistant_id, opened_at) VALUES (@project, @status, @assistant, @At)",
                    new { project = ids[project], status, assistant, At });
            }
        }

        await using var read = await test.Units.BeginReadAsync(default);
        async Task<IReadOnlyList<string>> Of(string id, UserRole role) =>
            await ProjectNames.KnownToAsync(read, new AppUser(id, id, role, At), default);

        Assert.Equal(["光谷数据港", "智造园一期"], await Of("zhang.san", UserRole.Contact));
        Assert.Equal(["智造园一期"], await Of("wu.er", UserRole.Assistant));
        Assert.Equal(["生物城二期"], await Of("zhou.yi", UserRole.Assistant));
        Assert.Equal(["智造园一期", "未来城三期", "生物城二期"], await Of("wang.wu", UserRole.Supervisor));
        Assert.Empty(await Of("nobody", UserRole.Contact));

        // The limit counts cases, the newest first: the latest two open cases are both 智造园一期's and 未来城三期's.
        Assert.Equal(["智造园一期", "未来城三期"], await read.Projects.NamesWithOpenCasesAsync(null, 2, default));
        Assert.Equal(["智造园一期"], await read.Projects.NamesWithOpenCasesAsync("wu.er", 1, default));
    }
}
