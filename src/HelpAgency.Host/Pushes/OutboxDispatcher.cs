using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Content;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Staff;
using HelpAgency.Core.Users;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Pushes;

/// <summary>
/// Sends what the outbox holds: claims due messages in batches (a lease, renewed while the batch is sent, so a
/// dispatcher that dies gives them back; SKIP LOCKED on PostgreSQL so several hosts share the work), sends a
/// batch to its recipients concurrently while keeping each recipient's messages in order, keeps within WeCom's
/// per-member and app-wide limits and the quiet hours, retries transient failures with backoff, and
/// dead-letters a message after its last attempt or a permanent failure, telling the supervisors.
/// </summary>
public sealed class OutboxDispatcher(
    IUnitOfWorkFactory database,
    IPushSender sender,
    IOutbox outbox,
    IOptions<PushOptions> options,
    TimeProvider clock,
    ReplyTemplates replies,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The templates of replies.yaml the supervisors' alert is written in; the start fails without one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys = ["push.dead_unconfirmed", "push.dead_failed"];

    private readonly ReplyTemplates _replies = Checked(replies);

    private static ReplyTemplates Checked(ReplyTemplates replies)
    {
        replies.Require(ReplyTemplates.FileName, TemplateKeys);
        return replies;
    }

    private readonly SemaphoreSlim _once = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Asks the background loops for a pass now (a turn queued replies), rather than at the next poll.</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // A turn that ends after the host has gone leaves its messages for the next start.
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    /// <summary>Sends one batch; returns how many messages it claimed (sent, failed or put back to wait). Safe to call beside the background loop.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            return await DispatchBatchAsync(cancellationToken);
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
        // Several batches in flight, so one slow send (a retry's delay, a timeout) does not hold up all the others.
        await Task.WhenAll(Enumerable.Range(0, options.Value.ConcurrentBatches).Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchBatchAsync(stoppingToken) > 0)
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
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batch = await ClaimAsync(settings, cancellationToken);
        if (batch.Sendable.Count > 0)
        {
            if (sender.SendsInTransaction)
            {
                await SendInTransactionAsync(batch, settings, cancellationToken);
            }
            else
            {
                await SendThenRecordAsync(batch, settings, cancellationToken);
            }
        }

        return batch.Claimed;
    }

    /// <summary>
    /// Claims what the app-wide limit leaves room for, and in the same transaction puts back what may not go now:
    /// routine messages in quiet hours (until the morning) and messages to members at their limit (until a slot frees).
    /// </summary>
    private async Task<ClaimedBatch> ClaimAsync(PushOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var owner = Guid.NewGuid().ToString("N");
        var leaseUntil = now + settings.Lease;
        await using var work = await database.BeginAsync(cancellationToken);
        // The app-wide limit is counted once a batch, in the claim, not a query a message; several hosts may overshoot by a
        // batch each, which WeCom's margin absorbs.
        var claimed = await work.Outbox.ClaimAsync(owner, now, leaseUntil, settings.BatchSize, settings.GlobalPerMinute, cancellationToken);
        if (claimed.Count == 0)
        {
            return ClaimedBatch.None;
        }

        var morning = settings.NextAllowed(now);
        var recent = new Dictionary<string, RecentSends>(
            await work.Outbox.RecentSendsAsync([.. claimed.Select(m => m.Recipient).Distinct()], now, cancellationToken));
        var sendable = new List<OutboxMessage>(claimed.Count);
        var firstAttempts = new List<long>();
        foreach (var message in claimed)
        {
            // A message that may have arrived is not held: its resend must stay inside WeCom's duplicate window.
            if (!message.Urgent && !message.MaybeDelivered && morning > now)
            {
                await work.Outbox.HoldAsync(message.Id, morning, cancellationToken);
                continue;
            }

            // A burst waits for its slot; it does not fail and does not use up an attempt.
            var sends = recent.GetValueOrDefault(message.Recipient, RecentSends.None);
            var allowed = sends.NextAllowed(now, settings.PerMemberPerMinute, settings.PerMemberPerHour);
            if (allowed > now)
            {
                await work.Outbox.DeferAsync(message.Id, allowed, cancellationToken);
                continue;
            }

            recent[message.Recipient] = sends.With(now);
            if (message.FirstAttemptAt is null)
            {
                firstAttempts.Add(message.Id);
            }

            sendable.Add(message with { FirstAttemptAt = message.FirstAttemptAt ?? now });
        }

        // Recorded before the request leaves: WeCom's duplicate window opens with the first send, however long the row waited.
        await work.Outbox.MarkFirstAttemptAsync(firstAttempts, now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return new ClaimedBatch(owner, leaseUntil, claimed.Count, sendable);
    }

    /// <summary>The local inbox: sending is a write, made in the transaction that records it, so it happens exactly once.</summary>
    private async Task SendInTransactionAsync(ClaimedBatch batch, PushOptions settings, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var held = await work.Outbox.HeldAsync(batch.Owner, batch.Ids, cancellationToken);
        var outcome = new Outcome(work, outbox, settings, _replies, clock.GetUtcNow());
        foreach (var message in batch.Sendable.Where(m => held.Contains(m.Id)))
        {
            await outcome.RecordAsync(message, await sender.SendAsync(message, work, cancellationToken), logger, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A remote channel: sends outside any transaction, to many recipients at once (a batch holds one message per
    /// recipient, and each recipient's messages still go one after the other), then records every outcome in one
    /// transaction. Stopping mid-batch records what finished, puts back what never started, and leaves a send cut
    /// short to its lease, since only WeCom knows whether it arrived.
    /// </summary>
    private async Task SendThenRecordAsync(ClaimedBatch batch, PushOptions settings, CancellationToken cancellationToken)
    {
        var results = new PushResult?[batch.Sendable.Count];
        var started = new bool[batch.Sendable.Count];
        var stopped = false;
        await using (var lease = new OutboxLease(batch.Owner, batch.Ids, batch.LeaseUntil, database, clock, settings.Lease, logger, cancellationToken))
        {
            var recipients = batch.Sendable.Select((message, index) => (message, index)).GroupBy(m => m.message.Recipient);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.SendConcurrency, CancellationToken = cancellationToken };
            try
            {
                await Parallel.ForEachAsync(recipients, parallel, async (queue, token) =>
                {
                    foreach (var (message, index) in queue)
                    {
                        if (lease.Expiring.IsCancellationRequested)
                        {
                            return;
                        }

                        started[index] = true;
                        results[index] = await SendSafelyAsync(message, lease.Expiring, token);
                        if (results[index] is { Sent: false })
                        {
                            // The rest of this recipient's queue waits behind the failed message.
                            return;
                        }
                    }
                });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stopped = true;
            }
        }

        // When stopping, the finished sends are still recorded: they went out, and must not go again.
        var recording = stopped ? CancellationToken.None : cancellationToken;
        await using (var work = await database.BeginAsync(recording))
        {
            var outcome = new Outcome(work, outbox, settings, _replies, clock.GetUtcNow());
            // Recorded even when the lease was lost meanwhile: these went out.
            var sent = batch.Sendable.Select((m, i) => (m.Id, Result: results[i])).Where(r => r.Result is { Sent: true }).Select(r => (r.Id, r.Result!.ExternalId)).ToList();
            if (sent.Count == batch.Sendable.Count)
            {
                // Every one went out: their record is the unit's one statement.
                await work.CommitAfterAsync(c => work.Outbox.MarkSentAsync(sent, outcome.Now, c), recording);
            }
            else
            {
                var held = await work.Outbox.HeldAsync(batch.Owner, batch.Ids, recording);
                await work.Outbox.MarkSentAsync(sent, outcome.Now, recording);
                for (var i = 0; i < batch.Sendable.Count; i++)
                {
                    var message = batch.Sendable[i];
                    if (results[i] is { Sent: true })
                    {
                        continue;
                    }

                    if (!held.Contains(message.Id))
                    {
                        logger.LogWarning("Outbox message {Id} lost its lease before its outcome was recorded", message.Id);
                    }
                    else if (results[i] is { } failed)
                    {
                        await outcome.RecordAsync(message, failed, logger, recording);
                    }
                    else if (!started[i])
                    {
                        await work.Outbox.DeferAsync(message.Id, outcome.Now, recording);
                    }
                }

                await work.CommitAsync(recording);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task<PushResult> SendSafelyAsync(OutboxMessage message, CancellationToken expiring, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiring);
        try
        {
            return await sender.SendAsync(message, null, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (expiring.IsCancellationRequested)
        {
            return PushResult.Unknown("the send was cut short before its lease ran out");
        }
        catch (Exception ex) when (NeverLeft(ex))
        {
            // No connection, an open circuit: nothing reached WeCom. Retried, and dead-lettered in the end.
            return PushResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            // A timeout, a dropped connection, a gateway error: WeCom may have taken the message. Unknown, not failed.
            return PushResult.Unknown($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Retries of an unknown outcome stop this long before WeCom's duplicate window (from the first attempt) closes, leaving room for the last send.</summary>
    private static readonly TimeSpan DuplicateWindowMargin = TimeSpan.FromMinutes(15);

    /// <summary>True when the failure happened before the request could reach WeCom.</summary>
    private static bool NeverLeft(Exception ex) => ex switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
        _ => false,
    };

    /// <summary>A claim: who holds it until when, how many it took, and which of them may go now.</summary>
    private sealed record ClaimedBatch(string Owner, DateTimeOffset LeaseUntil, int Claimed, IReadOnlyList<OutboxMessage> Sendable)
    {
        public static readonly ClaimedBatch None = new("", DateTimeOffset.MinValue, 0, []);

        public IReadOnlyCollection<long> Ids { get; } = [.. Sendable.Select(m => m.Id)];
    }

    /// <summary>Records a send's outcome in the recording transaction: sent, to retry (outside quiet hours if routine), or dead.</summary>
    private sealed class Outcome(IUnitOfWork work, IOutbox outbox, PushOptions settings, ReplyTemplates replies, DateTimeOffset now)
    {
        private IReadOnlyList<StaffMember>? _supervisors;

        public DateTimeOffset Now => now;

        public async Task RecordAsync(OutboxMessage message, PushResult result, ILogger logger, CancellationToken cancellationToken)
        {
            if (result.Sent)
            {
                await work.Outbox.MarkSentAsync(message.Id, result.ExternalId, now, cancellationToken);
                return;
            }

            var attempts = message.Attempts + 1;
            var maybeDelivered = message.MaybeDelivered || result.MayHaveArrived;
            // An unknown outcome is tried again while WeCom's duplicate check would still drop a second copy, attempts or not;
            // a group chat post has no such check, so it stops at once, unconfirmed.
            var unsafeToResend = result.MayHaveArrived && GroupChat.IsPost(message);
            var stillSafeToResend = result.MayHaveArrived && !unsafeToResend && now - (message.FirstAttemptAt ?? now) < PushOptions.DuplicateCheckIntervalFor(message.Id) - DuplicateWindowMargin;
            var dead = !result.Transient || unsafeToResend || (attempts >= settings.MaxAttempts && !stillSafeToResend);
            var error = result.Error ?? "unknown error";
            var retryAt = now + PushOptions.Backoff(attempts);
            await work.Outbox.MarkFailedAsync(message.Id, error, retryAt, dead, result.MayHaveArrived, cancellationToken);
            if (!dead)
            {
                // A backoff must not wake a member at night: a routine retry that would land in quiet hours waits for the morning.
                var morning = settings.NextAllowed(retryAt);
                if (!message.Urgent && !maybeDelivered && morning > retryAt)
                {
                    await work.Outbox.HoldAsync(message.Id, morning, cancellationToken);
                }

                return;
            }

            logger.LogWarning("Outbox message {Id} to {Recipient} stopped after {Attempts} attempts (may have arrived: {Maybe}): {Error}", message.Id, message.Recipient, attempts, maybeDelivered, error);
            // Supervisors are never told a message failed while it may have arrived: they are told it is unconfirmed.
            var text = replies.Render(maybeDelivered ? "push.dead_unconfirmed" : "push.dead_failed", ReplyTemplates.Values(
                ("recipient", message.Recipient), ("message", message.Id.ToString(CultureInfo.InvariantCulture)),
                ("attempts", attempts.ToString(CultureInfo.InvariantCulture)), ("error", error)));
            _supervisors ??= await work.Staff.ListAsync(UserRole.Supervisor, cancellationToken);
            foreach (var supervisor in _supervisors.Where(s => s.UserId != message.Recipient))
            {
                await outbox.EnqueueAsync(work, $"dead:{message.Id}:{supervisor.UserId}", supervisor.UserId, new MarkdownPayload(text), now, urgent: true, cancellationToken);
            }
        }
    }
}
