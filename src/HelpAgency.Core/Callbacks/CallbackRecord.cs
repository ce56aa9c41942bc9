namespace HelpAgency.Core.Callbacks;

/// <summary>One received callback and what became of it.</summary>
/// <param name="Key">The delivery's id: the message id, or a hash of an event's plaintext.</param>
/// <param name="Status">One of <see cref="CallbackStatus"/>.</param>
/// <param name="RepliesJson">The replies of the turn it ran, as a JSON array.</param>
/// <param name="Attempts">How often sending the replies was tried.</param>
public sealed record CallbackRecord(
    string Key,
    string UserId,
    DateTimeOffset ReceivedAt,
    string Status,
    string RepliesJson,
    int Attempts,
    string? LastError);
