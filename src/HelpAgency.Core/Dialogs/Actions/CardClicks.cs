using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// Buttons on task cards: a click comes back as an event with the button's key ("case:42:accept"), runs the
/// case operation as the clicking assistant, and turns the card's buttons into a note of who did what. Each verb's
/// ledger record and note are the card.{verb}.* templates of replies.yaml.
/// </summary>
public static class CardClicks
{
    public const string Prefix = CaseCardButtons.Prefix;


    /// <summary>The templates a click says or records; the start fails when replies.yaml lacks one.</summary>
    public static IEnumerable<string> Templates => CaseCardButtons.Verbs.SelectMany(v => new[] { $"card.{v}.record", $"card.{v}.done" }).Append("card_recorded");

    public static bool Handles(Activity activity) => activity.EventKey?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static async Task HandleAsync(TurnContext turn, DialogServices services, CancellationToken cancellationToken)
    {
        var parts = turn.Activity.EventKey!.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var caseId) || !CaseCardButtons.Verbs.Contains(parts[2], StringComparer.Ordinal))
        {
            turn.Reply(Reply.Plain(services.Render("not_understood", new Dictionary<string, string>())));
            return;
        }

        var verb = parts[2];
        try
        {
            var context = new OperationContext(turn.Work, turn.User, turn.Now) { Held = turn.HeldPushes };
            await services.Cases.Progress.LogServiceAsync(context, caseId, services.Replies.Get($"card.{verb}.record"), null, cancellationToken);
        }
        catch (CaseOperationException ex)
        {
            turn.Reply(Reply.Plain(ex.Message));
            return;
        }

        var done = services.Render($"card.{verb}.done", new Dictionary<string, string> { ["name"] = turn.User.DisplayName });
        turn.Reply(Reply.Plain(services.Render("card_recorded", new Dictionary<string, string> { ["done"] = done, ["reference"] = ServiceCase.FormatReference(caseId, turn.Now) })));
        if (turn.Activity.ResponseCode is { Length: > 0 } code)
        {
            // WeCom lets the app replace the clicked card's buttons once, with the code the click carried.
            await services.Notifier.EnqueueAsync(turn.Work, $"card:{code}", turn.User.Id, new CardUpdatePayload(done, code, turn.Activity.TaskId), turn.Now, urgent: true, cancellationToken);
        }
    }
}
