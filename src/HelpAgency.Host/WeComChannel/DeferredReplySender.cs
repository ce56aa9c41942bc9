using System.Security.Cryptography;
using System.Text;
using HelpAgency.Core.Callbacks;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Persistence;
using HelpAgency.WeCom;
using HelpAgency.WeCom.Api;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.WeComChannel;

/// <summary>
/// Sends the replies that could not go back as a passive reply through message/send. They are stored
/// as pending on the callback record in the turn's own transaction, so nothing is lost across a crash
/// or restart; a send leases the record first, so two hosts never send the same one. On shutdown the
/// turns still running are awaited, so their replies are stored before the host stops.
/// </summary>
internal sealed class DeferredReplySender(
    IServiceProvider services,
    IUnitOfWorkFactory database,
    IOptions<WeComOptions> options,
    TimeProvider clock,
    ILogger<DeferredReplySender> logger) : BackgroundService
{
    /// <summary>How long a leased record is left to its sender before another may try it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>How often pending records are looked for without being told.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    /// <summary>Send attempts before a record is given up as failed.</summary>
    public const int MaxAttempts = 10;

    private const int Batch = 50;

    /// <summary>How many members' replies are sent at once. One after another, a pass went no faster than one send and one commit a record.</summary>
    internal const int MembersAtOnce = 8;

    private readonly SemaphoreSlim _wake = new(0);
    private readonly Lock _turnsLock = new();
    private readonly HashSet<Task> _turns = [];
    private int _finalPassDone;

    /// <summary>
    /// Keeps <paramref name="turn"/> in view until it ends, then looks for replies to send if the turn stored
    /// some as pending (<paramref name="storedPending"/>), so turns answered inline cost no send pass.
    /// </summary>
    public Task<TurnResult> Track(Task<TurnResult> turn, Func<bool> storedPending)
    {
        lock (_turnsLock)
        {
            _turns.Add(turn);
        }

        turn.ContinueWith(
            t =>
            {
                lock (_turnsLock)
                {
                    _turns.Remove(t);
                }

                if (t.IsFaulted)
                {
                    logger.LogError(t.Exception, "A WeCom turn failed");
                }
                else if (storedPending())
                {
                    Wake();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return turn;
    }

    /// <summary>Asks for a send pass now.</summary>
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
            // A turn that ends after the host has gone leaves its replies pending for the next start.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_turnsLock)
        {
            running = [.. _turns];
        }

        if (running.Length > 0)
        {
            logger.LogInformation("Waiting for {Count} WeCom turn(s) to store their replies before stopping", running.Length);
            await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await base.StopAsync(cancellationToken);

        // The host may stop its services more than once; the last pass runs only the first time.
        if (options.Value.IsConfigured && !cancellationToken.IsCancellationRequested && Interlocked.Exchange(ref _finalPassDone, 1) == 0)
        {
            await SendDueAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await _wake.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending deferred WeCom replies failed; trying again later");
                await _wake.WaitAsync(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Sends every pending record that is due; returns how many were leased. <paramref name="stop"/> ends
    /// the pass between records, never in the middle of a send, so a lease is not left hanging.
    /// </summary>
    internal async Task<int> SendDueAsync(CancellationToken stop)
    {
        var total = 0;
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyList<CallbackRecord> leased;
            await using (var work = await database.BeginAsync(CancellationToken.None))
            {
                var now = clock.GetUtcNow();
                leased = await work.Callbacks.LeaseUnsentAsync(now, now + Lease, Batch, CancellationToken.None);
                await work.CommitAsync(CancellationToken.None);
            }

            // A lease takes only each member's oldest pending reply, so these are all different members' and go side by
            // side: one slow or failing member holds up no one else, and a member's replies still go in the order received.
            await Parallel.ForEachAsync(
                leased,
                new ParallelOptions { MaxDegreeOfParallelism = MembersAtOnce },
                async (record, _) =>
                {
                    // A record leased but not reached before the stop is tried again when its lease ends.
                    if (!stop.IsCancellationRequested)
                    {
                        await SendAsync(record, CancellationToken.None);
                    }
                });

            // A lease takes one record a member, so a member's next reply is due only once this one has gone: lease again
            // until nothing is due (each lease moves what it took past now, so this ends).
            total += leased.Count;
            if (leased.Count == 0)
            {
                break;
            }
        }

        return total;
    }

    private async Task SendAsync(CallbackRecord record, CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<WeComApiClient>();
        var replies = StoredReplies.Deserialize(record.RepliesJson);
        string status = CallbackStatus.Sent;
        string? error = null;
        try
        {
            for (var i = 0; i < replies.Count; i++)
            {
                var message = AppMessage.ToUsers(ToContent(record.Key, i, replies[i]), record.UserId) with
                {
                    // A resend after an interrupted attempt lets WeCom drop what already arrived.
                    DuplicateCheckInterval = record.Attempts > 1 ? TimeSpan.FromHours(4) : null,
                };
                var result = await client.SendMessageAsync(message, cancellationToken);
                if (result.IsPartialFailure)
                {
                    logger.LogWarning("WeCom reply for {Key} reached only some recipients: invalid users {Users}", record.Key, string.Join('|', result.InvalidUsers));
                }
                else if (!result.IsSuccess)
                {
                    (status, error) = result.IsTransient || WeComErrorCodes.MeansTokenRejected(result.ErrCode)
                        ? (CallbackStatus.Pending, result.ToString())
                        : (CallbackStatus.Failed, result.ToString());
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            (status, error) = (CallbackStatus.Pending, ex.Message);
        }

        if (status == CallbackStatus.Pending && record.Attempts >= MaxAttempts)
        {
            status = CallbackStatus.Failed;
        }

        if (status != CallbackStatus.Sent)
        {
            logger.LogWarning("WeCom reply for {Key} not sent ({Status}, attempt {Attempt}): {Error}", record.Key, status, record.Attempts, error);
        }

        await using var work = await database.BeginAsync(CancellationToken.None);
        await work.Callbacks.MarkAsync(record.Key, status, error, clock.GetUtcNow(), CancellationToken.None);
        await work.CommitAsync(CancellationToken.None);
    }

    private static MessageContent ToContent(string key, int index, Reply reply)
    {
        switch (reply.Type)
        {
            case ReplyTypes.Markdown:
                return MessageContent.Markdown(reply.Text);
            case ReplyTypes.Card when reply.Buttons is { Count: > 0 } buttons:
                // Stable per record and reply, so a resend is the same card.
                var taskId = $"ha-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}-{index}";
                return MessageContent.ButtonCard(new TemplateCard(taskId, reply.Title ?? "", reply.Text, [.. buttons.Select(b => new TemplateCardButton(b.Text, b.Key))]));
            case ReplyTypes.Card:
                return MessageContent.Markdown(string.IsNullOrEmpty(reply.Title) ? reply.Text : $"**{reply.Title}**\n{reply.Text}");
            default:
                return MessageContent.Text(reply.Text);
        }
    }
}
