using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// Sends what the outbox holds: claims due messages in batches (a lease, so a dispatcher that dies gives them
/// back; SKIP LOCKED on PostgreSQL so several hosts share the work), keeps each recipient's messages in order
/// and within WeCom's per-member limits, retries transient failures with backoff, and dead-letters a message
/// after its last attempt, telling the supervisors.
/// </summary>
public sealed class OutboxDispatcher(
    IUnitOfWorkFactory database,
    IPushSender sender,
    IOptions<PushOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _once = new(1, 1);

    /// <summary>Sends one batch; returns how many messages it handled. Safe to call beside the background loop.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            var settings = options.Value;
            var now = clock.GetUtcNow();
            IReadOnlyList<OutboxMessage> claimed;
            await using (var work = await database.BeginAsync(cancellationToken))
            {
                claimed = await work.Outbox.ClaimAsync(now, now + settings.Lease, settings.BatchSize, cancellationToken);
                await work.CommitAsync(cancellationToken);
            }

            foreach (var message in claimed)
            {
                await DeliverAsync(message, settings, cancellationToken);
            }

            return claimed.Count;
        }
        finally
        {
            _once.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        // Leave the host's start before the first pass, so a slow database never holds up the start.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the pushes for good; the leases hand the batch back.
                logger.LogError(ex, "Outbox dispatch failed; trying again shortly");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(OutboxMessage message, PushOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        var lastMinute = await work.Outbox.SentToSinceAsync(message.Recipient, now.AddMinutes(-1), cancellationToken);
        var lastHour = lastMinute >= settings.PerMemberPerMinute ? 0 : await work.Outbox.SentToSinceAsync(message.Recipient, now.AddHours(-1), cancellationToken);
        if (lastMinute >= settings.PerMemberPerMinute || lastHour >= settings.PerMemberPerHour)
        {
            // A burst waits; it does not fail and does not use up an attempt.
            await work.Outbox.DeferAsync(message.Id, now.AddSeconds(lastMinute >= settings.PerMemberPerMinute ? 60 : 600), cancellationToken);
            await work.CommitAsync(cancellationToken);
            return;
        }

        PushResult result;
        if (sender.SendsInTransaction)
        {
            result = await SendSafelyAsync(message, work, cancellationToken);
        }
        else
        {
            await work.CommitAsync(cancellationToken);
            result = await SendSafelyAsync(message, null, cancellationToken);
        }

        await using var record = sender.SendsInTransaction ? work : await database.BeginAsync(cancellationToken);
        if (result.Sent)
        {
            await record.Outbox.MarkSentAsync(message.Id, result.ExternalId, clock.GetUtcNow(), cancellationToken);
        }
        else
        {
            var dead = !result.Transient || message.Attempts + 1 >= settings.MaxAttempts;
            await record.Outbox.MarkFailedAsync(message.Id, result.Error ?? "unknown error", now + PushOptions.Backoff(message.Attempts + 1), dead, cancellationToken);
            if (dead)
            {
                logger.LogWarning("Outbox message {Id} to {Recipient} is dead after {Attempts} attempts: {Error}", message.Id, message.Recipient, message.Attempts + 1, result.Error);
                await TellSupervisorsAsync(record, message, result.Error, now, cancellationToken);
            }
        }

        await record.CommitAsync(cancellationToken);
    }

    private async Task<PushResult> SendSafelyAsync(OutboxMessage message, IUnitOfWork? work, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.SendAsync(message, work, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return PushResult.Retry(ex.Message);
        }
    }

    private static async Task TellSupervisorsAsync(IUnitOfWork work, OutboxMessage message, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = $"**推送失败** 发给 {message.Recipient} 的消息（#{message.Id}）多次发送失败，已停止重试。\n原因：{error}";
        foreach (var supervisor in await work.Staff.ListAsync(UserRole.Supervisor, cancellationToken))
        {
            if (supervisor.UserId == message.Recipient)
            {
                continue;
            }

            await work.Outbox.EnqueueAsync(new OutboxMessage(0, $"dead:{message.Id}:{supervisor.UserId}", supervisor.UserId, "markdown",
                JsonSerializer.Serialize(new { text }, LedgerJson.Options), true, OutboxStatus.Pending, 0, now, now), cancellationToken);
        }
    }
}
