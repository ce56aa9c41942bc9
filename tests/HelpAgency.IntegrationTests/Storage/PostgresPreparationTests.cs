using Dapper;
using HelpAgency.Storage;
using Microsoft.Extensions.Options;

namespace HelpAgency.IntegrationTests.Storage;

/// <summary>
/// The host's PostgreSQL defaults: statements a connection runs again skip parse and plan, and the pool stays near
/// the server's cores; a connection string that sets either wins.
/// </summary>
public sealed class PostgresPreparationTests
{
    [PostgresFact]
    public async Task A_repeated_statement_is_prepared_on_its_connection_unless_the_connection_string_turns_it_off()
    {
        await using var test = await TestDatabase.CreateAsync("postgres");

        Assert.Equal(1, await PreparedAfterRepeatsAsync(test.ConnectionString));
        Assert.Equal(0, await PreparedAfterRepeatsAsync(test.ConnectionString + ";Max Auto Prepare=0"));
        // Setting only when to prepare keeps preparing on.
        Assert.Equal(1, await PreparedAfterRepeatsAsync(test.ConnectionString + ";Auto Prepare Min Usages=3"));
    }

    [PostgresFact]
    public async Task The_pool_holds_sixteen_connections_unless_the_connection_string_sizes_it()
    {
        await using var test = await TestDatabase.CreateAsync("postgres");

        Assert.False(await OpensOneMoreThanDefaultAsync(test.ConnectionString));
        Assert.True(await OpensOneMoreThanDefaultAsync(test.ConnectionString + ";Maximum Pool Size=20"));
        // A minimum above the default raises the default rather than failing the start.
        Assert.True(await OpensOneMoreThanDefaultAsync(test.ConnectionString + ";Minimum Pool Size=20"));
    }

    private static async Task<bool> OpensOneMoreThanDefaultAsync(string connectionString)
    {
        await using var database = new Database(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString }));
        var held = new List<System.Data.Common.DbConnection>();
        try
        {
            for (var i = 0; i < Database.DefaultPoolSize; i++)
            {
                held.Add(await database.OpenAsync(default));
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                held.Add(await database.OpenAsync(wait.Token));
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<long> PreparedAfterRepeatsAsync(string connectionString)
    {
        await using var database = new Database(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString }));
        await using var connection = await database.OpenAsync(default);
        for (var i = 0; i < 3; i++)
        {
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id = @id", new { id = "zhang.san" });
        }

        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM users WHERE id = $1%'");
    }
}
