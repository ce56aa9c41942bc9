using Dapper;

namespace HelpAgency.IntegrationTests.Storage;

public sealed class PostgresAvailabilityTests
{
    [PostgresFact]
    public async Task The_engine_tests_reach_a_migrated_postgres()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        await using var connection = await database.Database.OpenAsync(default);

        Assert.StartsWith("PostgreSQL", await connection.ExecuteScalarAsync<string>("SELECT version()"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations") >= 2);
    }
}
