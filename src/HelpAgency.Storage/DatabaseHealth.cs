using Dapper;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Storage;

/// <summary>Asks the database a trivial question with a short timeout.</summary>
public sealed class DatabaseHealth(Database database) : IDatabaseHealth
{
    public string Engine => database.Engine;

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: 5, cancellationToken: cancellationToken)) == 1;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
