using System.Text.Json.Nodes;

namespace HelpAgency.WeCom.Api;

/// <summary>A button_interaction template card.</summary>
/// <param name="TaskId">Unique per app (letters, digits, _-@, up to 128); clicks report it back.</param>
/// <param name="Title">The main title.</param>
/// <param name="Text">The text under the title.</param>
/// <param name="Buttons">One to six buttons.</param>
public sealed record TemplateCard(string TaskId, string Title, string? Text, IReadOnlyList<TemplateCardButton> Buttons)
{
    /// <summary>WeCom shows at most six buttons on a card.</summary>
    public const int MaxButtons = 6;

    internal JsonObject ToJson()
    {
        var buttons = new JsonArray();
        foreach (var button in Buttons.Take(MaxButtons))
        {
            buttons.Add(new JsonObject { ["text"] = button.Text, ["style"] = button.Style, ["key"] = button.Key });
        }

        var card = new JsonObject
        {
            ["card_type"] = "button_interaction",
            ["main_title"] = new JsonObject { ["title"] = Title },
            ["task_id"] = TaskId,
            ["button_list"] = buttons,
        };
        if (!string.IsNullOrEmpty(Text))
        {
            card["sub_title_text"] = Text;
        }

        return card;
    }
}

/// <summary>A card button: <paramref name="Key"/> is the event key of its click; style 1..4 picks the colour.</summary>
public sealed record TemplateCardButton(string Text, string Key, int Style = 1);
