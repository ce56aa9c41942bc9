using HelpAgency.Core.Content;

namespace HelpAgency.Core.Conversation;

/// <summary>
/// The first bot: greets, says politely what it cannot read, and admits what it does not understand yet.
/// The recognizer and dialogs replace it.
/// </summary>
public sealed class StarterBot(ReplyTemplates replies) : IBot
{
    /// <summary>The templates this bot needs from replies.yaml.</summary>
    public static readonly string[] RequiredTemplates = ["greeting", "not_understood", "unsupported_message"];

    private static readonly string[] Greetings = ["你好", "您好", "在吗", "hello", "hi", "嗨", "早上好", "下午好", "晚上好"];

    public Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var seed = turn.Conversation.Version;
        var activity = turn.Activity;
        var key = activity switch
        {
            { EventName: "enter_agent" } => "greeting",
            { UnsupportedKind: not null } => "unsupported_message",
            { Text: { } text } when IsGreeting(text) => "greeting",
            _ => "not_understood",
        };

        turn.Reply(Reply.Plain(replies.Get(key, seed)));
        return Task.CompletedTask;
    }

    private static bool IsGreeting(string text)
    {
        var t = text.Trim().TrimEnd('!', '！', '。', '.', '~', '～', '?', '？').ToLowerInvariant();
        return t.Length <= 8 && Greetings.Any(g => t.StartsWith(g, StringComparison.Ordinal));
    }
}
