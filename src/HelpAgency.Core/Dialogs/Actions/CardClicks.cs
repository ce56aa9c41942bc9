using System.Globalization;
using System.Text.Json;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Outbox;

namespace HelpAgency.Core.Dialogs.Actions;

/// <summary>
/// Buttons on task cards: a click comes back as an event with the button's key ("case:42:accept"), runs the
/// case operation as the clicking assistant, and turns the card's buttons into a note of who did what.
/// </summary>
public static class CardClicks
{
    public const string Prefix = CaseCardButtons.Prefix;

    private static readonly Dictionary<string, (string Record, string Done)> Verbs = new(StringComparer.Ordinal)
    {
        ["accept"] = ("已接单", "已接单"),
        ["contacted"] = ("已联系项目单位", "已联系"),
    };

    public static bool Handles(Activity activity) => activity.EventKey?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static async Task HandleAsync(TurnContext turn, DialogServices services, CancellationToken cancellationToken)
    {
        var parts = turn.Activity.EventKey!.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var caseId) || !Verbs.TryGetValue(parts[2], out var verb))
        {
            turn.Reply(Reply.Plain(services.Render("not_understood", new Dictionary<string, string>())));
            return;
        }

        try
        {
            var context = new OperationContext(turn.Work, turn.User, turn.Now) { Held = turn.HeldPushes };
            await services.Cases.Progress.LogServiceAsync(context, caseId, verb.Record, null, cancellationToken);
        }
        catch (CaseOperationException ex)
        {
            turn.Reply(Reply.Plain(ex.Message));
            return;
        }

        var done = $"{turn.User.DisplayName}{verb.Done}";
        turn.Reply(Reply.Plain($"已记录：{done}（{ServiceCase.FormatReference(caseId, turn.Now)}）。"));
        if (turn.Activity.ResponseCode is { Length: > 0 } code)
        {
            // WeCom lets the app replace the clicked card's buttons once, with the code the click carried.
            await services.Notifier.EnqueueAsync(turn.Work, $"card:{code}", turn.User.Id, new CardUpdatePayload(done, code, turn.Activity.TaskId), turn.Now, urgent: true, cancellationToken);
        }
    }
}
