namespace HelpAgency.Core.Conversation;

/// <summary>Handles one turn: reads the activity and state, writes through the turn's unit of work, adds replies.</summary>
public interface IBot
{
    Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken);
}
