namespace HelpAgency.Core.Conversation;

/// <summary>What a committed turn answers.</summary>
public sealed record TurnResult(IReadOnlyList<Reply> Replies)
{
    /// <summary>The turn of a delivery that an <see cref="ITurnGuard"/> found handled already.</summary>
    public static TurnResult AlreadyHandled { get; } = new([]) { IsAlreadyHandled = true };

    /// <summary>True when the turn did not run because its delivery was handled before.</summary>
    public bool IsAlreadyHandled { get; private init; }
}
