namespace HelpAgency.Core.Conversation;

/// <summary>A row changed under us since it was read; the whole unit of work should be retried.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
