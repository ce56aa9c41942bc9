namespace HelpAgency.Core.Conversation;

/// <summary>What a committed turn answers.</summary>
public sealed record TurnResult(IReadOnlyList<Reply> Replies);
