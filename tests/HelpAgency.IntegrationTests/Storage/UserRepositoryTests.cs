using HelpAgency.Core.Users;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>Each turn finds or adds its sender; staff stay staff, and a first message racing itself adds one user.</summary>
public sealed class UserRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Engines => TestDatabase.Engines();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_sender_is_added_once_as_a_contact_and_a_known_one_is_returned_as_stored(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using (var setup = await database.Units.BeginAsync(default))
        {
            await setup.Users.UpsertAsync(new AppUser("li.si", "帮办李", UserRole.Assistant, Now), default);
            await setup.CommitAsync(default);
        }

        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 4).Select(async i =>
        {
            await start.WaitAsync();
            await using var work = await database.Units.BeginAsync(default);
            var user = await work.Users.GetOrAddContactAsync("zhang.san", Now.AddMinutes(i), default);
            await work.CommitAsync(default);
            return user;
        }).ToList();
        start.Release(4);
        var added = await Task.WhenAll(racers);

        await using var later = await database.Units.BeginAsync(default);
        var again = await later.Users.GetOrAddContactAsync("zhang.san", Now.AddDays(1), default);
        var staff = await later.Users.GetOrAddContactAsync("li.si", Now.AddDays(1), default);

        Assert.Single(added.Select(u => u.CreatedAt).Distinct());
        Assert.Equal(UserRole.Contact, again.Role);
        Assert.Equal(added[0].CreatedAt, again.CreatedAt);
        Assert.Equal(UserRole.Assistant, staff.Role);
        Assert.Equal("帮办李", staff.DisplayName);
    }
}
