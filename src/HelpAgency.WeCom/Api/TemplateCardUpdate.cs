using System.Text.Json.Nodes;

namespace HelpAgency.WeCom.Api;

/// <summary>
/// An update_template_card request after a button click: either a whole new card or just the clicked
/// buttons' new label. The response code is single-use and expires (24 hours; one page says 72).
/// </summary>
public sealed record TemplateCardUpdate(IReadOnlyList<string> UserIds, string ResponseCode)
{
    /// <summary>The card to show instead of the clicked one.</summary>
    public TemplateCard? Card { get; init; }

    /// <summary>The text that replaces the buttons (the caller's words, e.g. "已确认"); required when no <see cref="Card"/> is given.</summary>
    public string? ReplaceButtonText { get; init; }

    internal JsonObject ToJson(long agentId)
    {
        var json = new JsonObject
        {
            ["userids"] = new JsonArray(UserIds.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
            ["agentid"] = agentId,
            ["response_code"] = ResponseCode,
        };
        if (Card is not null)
        {
            json["template_card"] = Card.ToJson();
        }
        else
        {
            json["button"] = new JsonObject
            {
                ["replace_name"] = ReplaceButtonText ?? throw new InvalidOperationException("A card update without a new card needs the text that replaces its buttons."),
            };
        }

        return json;
    }
}
