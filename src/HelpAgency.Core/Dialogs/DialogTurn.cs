using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs;

/// <summary>What a validator or an action sees: the turn, the recognition of this message, the slots of the flow.</summary>
public sealed class DialogTurn(TurnContext turn, RecognitionResult recognition, Dictionary<string, string> slots, DialogServices services, IReadOnlyList<string> recent)
{
    /// <summary>The user's last few messages, oldest first: the excerpt a hand-off carries.</summary>
    public IReadOnlyList<string> Recent { get; } = recent;

    public TurnContext Turn { get; } = turn;

    public RecognitionResult Recognition { get; } = recognition;

    public Dictionary<string, string> Slots { get; } = slots;

    public DialogServices Services { get; } = services;

    public AppUser User => Turn.User;

    public DateTimeOffset Now => Turn.Now;

    public OperationContext Operation => new(Turn.Work, Turn.User, Turn.Now) { Held = Turn.HeldPushes };

    public string? Slot(string name) => Slots.GetValueOrDefault(name);

    public void Say(string key, IReadOnlyDictionary<string, string>? values = null) =>
        Turn.Reply(Reply.Plain(Services.Render(key, values ?? Slots, Turn.Conversation.Version)));

    public void SayMarkdown(string text) => Turn.Reply(Reply.Markdown(text));

    /// <summary>
    /// Markdown in as few messages as fit the channel (<see cref="Reply.MaxContentBytes"/>), each holding whole
    /// sections (a stage and its items): a long list reads as consecutive messages, never cut inside a section.
    /// </summary>
    public void SayMarkdownSections(IEnumerable<string> sections)
    {
        var message = new System.Text.StringBuilder();
        foreach (var section in sections.Select(s => s.Trim('\n')).Where(s => s.Length > 0))
        {
            var joined = message.Length == 0 ? section : message + "\n\n" + section;
            if (message.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(joined) > Reply.MaxContentBytes)
            {
                SayMarkdown(message.ToString());
                message.Clear().Append(section);
            }
            else
            {
                message.Clear().Append(joined);
            }
        }

        if (message.Length > 0)
        {
            SayMarkdown(message.ToString());
        }
    }

    public void SayText(string text) => Turn.Reply(Reply.Plain(text));
}

/// <summary>The outcome of a validator: the canonical value to store and how to show it, or the reply template that explains the problem.</summary>
public sealed record SlotResult(bool Ok, string? Value, string? Display, string? ProblemKey, string? Problem)
{
    public static SlotResult Accept(string value, string? display = null) => new(true, value, display ?? value, null, null);

    /// <summary>Refuse with a reply template key.</summary>
    public static SlotResult Reject(string problemKey) => new(false, null, null, problemKey, null);

    /// <summary>Refuse with a message already written (e.g. the credit code's own explanation).</summary>
    public static SlotResult RejectText(string problem) => new(false, null, null, null, problem);
}

/// <summary>A named slot validator that flows refer to with <c>validate:</c>.</summary>
public interface ISlotValidator
{
    string Name { get; }

    SlotResult Validate(string text, DialogTurn turn);
}

/// <summary>What an action tells the flow: go on, jump to a step, or end the flow.</summary>
public readonly record struct ActionResult(string? Goto, bool End)
{
    public static ActionResult Next => default;

    public static ActionResult Finish => new(null, true);

    public static ActionResult Jump(string step) => new(step, false);
}

/// <summary>A named action that flows refer to with <c>action:</c>.</summary>
public interface IDialogAction
{
    string Name { get; }

    Task<ActionResult> RunAsync(DialogTurn turn, CancellationToken cancellationToken);
}
