using Dapper;
using HelpAgency.Core.Conversation;
using HelpAgency.Storage.Callbacks;
using HelpAgency.Storage.Conversation;
using HelpAgency.Storage.Outbox;
using Npgsql;

namespace HelpAgency.Storage.Postgres;

/// <summary>
/// A turn's opening and closing statements on PostgreSQL, each group one <see cref="NpgsqlBatch"/>, one round trip: the
/// claim with the read of the user, the conversation and a contact's project names; then the conversation's save, the delivery's outcome and its
/// messages with the COMMIT. The statements are the repositories' own. The COMMIT goes before the save's row count
/// comes back, so the save checks itself in the server: <c>expect_one_row</c> (migration 0025) raises when no row
/// changed, and a batch stops at its first error, so the COMMIT behind it never runs and the turn runs again.
/// </summary>
internal sealed class PostgresTurnStore(UnitOfWork work) : ITurnStore
{
    /// <summary>The SQLSTATE <c>expect_one_row</c> raises.</summary>
    private const string NotOneRow = "HA001";

    public async Task<TurnStart> StartAsync(string userId, string? deliveryKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = Batch();
        if (deliveryKey is not null)
        {
            Add(batch, CallbackLog.StartSql, ("key", deliveryKey), ("userId", userId), ("now", now));
        }

        Add(batch, TurnStore.StartSql, ("userId", userId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var parse = reader.GetRowParser<TurnStore.StartRow>();
        var rows = new List<TurnStore.StartRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }

        // The insert's count is in by now: the reader passed it to reach the reads.
        var claimed = deliveryKey is null || batch.BatchCommands[0].RecordsAffected == 1;
        return TurnStore.Started(claimed, userId, rows, work.Map);
    }

    public async Task FinishAsync(ConversationSave? save, DeliveryOutcome? outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = Batch();
        if (save is not null)
        {
            Add(
                batch,
                $"WITH saved AS ({ConversationRepository.SaveSql(save.Read)} RETURNING 1) SELECT expect_one_row(count(*)) FROM saved",
                ("UserId", save.Read.UserId), ("Version", save.Read.Version), ("stateJson", save.StateJson), ("now", now));
        }

        if (outcome is not null)
        {
            Add(batch, CallbackLog.CompleteSql, ("key", outcome.Key), ("status", outcome.Status), ("repliesJson", outcome.RepliesJson), ("now", now));
            if (outcome.Messages.Count > 0)
            {
                Add(batch, OutboxRepository.EnqueueSqlFor(outcome.Messages.Count), [.. OutboxRepository.EnqueueParameters(outcome.Messages)]);
            }
        }

        Add(batch, "COMMIT");
        try
        {
            await work.CommitAsync(batch.ExecuteNonQueryAsync, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == NotOneRow && save is not null)
        {
            throw ConversationRepository.Conflict(save.Read);
        }
    }

    private NpgsqlBatch Batch() =>
        new((NpgsqlConnection)work.Session.Connection, (NpgsqlTransaction)work.Session.Transaction) { Timeout = Database.CommandTimeoutSeconds };

    /// <summary>A statement with named parameters, instants in UTC as the repositories send them.</summary>
    private static void Add(NpgsqlBatch batch, string sql, params ReadOnlySpan<(string Name, object Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value is DateTimeOffset instant ? instant.ToUniversalTime() : value));
        }

        batch.BatchCommands.Add(command);
    }
}
