namespace HelpAgency.Core.Conversation;

/// <summary>
/// Serialises the turns of one user inside this process, so two quick messages are handled one after
/// the other. Across processes the conversation's version check does the same job.
/// </summary>
public sealed class UserTurnGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many turns of <paramref name="userId"/> this process holds: the running one and those waiting behind it.</summary>
    public int InFlight(string userId)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(userId, out var entry) ? entry.Users : 0;
        }
    }

    public async Task<IDisposable> EnterAsync(string userId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(userId, out entry!))
            {
                entry = new Entry();
                _entries.Add(userId, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(userId, entry, release: false);
            throw;
        }

        return new Releaser(this, userId, entry);
    }

    private void Leave(string userId, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(userId);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(UserTurnGate gate, string userId, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(userId, entry, release: true);
            }
        }
    }
}
