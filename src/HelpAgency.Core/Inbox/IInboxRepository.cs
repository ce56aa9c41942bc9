namespace HelpAgency.Core.Inbox;

/// <summary>The local channel's per-user inbox of pushed messages.</summary>
public interface IInboxRepository
{
    Task<long> AppendAsync(string userId, string type, string contentJson, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Messages of the user with an id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<InboxMessage>> ListAsync(string userId, long afterId, int limit, CancellationToken cancellationToken);
}
