using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpAgency.Core.Dialogs;

/// <summary>The stored conversation: the flow a user is in (if any), a pending clarifying question, recent messages.</summary>
public sealed class DialogState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public FlowFrame? Frame { get; set; }

    /// <summary>The intents offered in a clarifying question, awaiting the user's choice.</summary>
    public List<string>? Clarify { get; set; }

    /// <summary>The message that prompted the clarifying question, recognised again once the user chooses.</summary>
    public string? ClarifyText { get; set; }

    /// <summary>A "do I need X" question waiting for the one fact the bot asked for: the condition's id.</summary>
    public string? Condition { get; set; }

    /// <summary>The facts of that question given so far, by variable.</summary>
    public Dictionary<string, string>? ConditionValues { get; set; }

    /// <summary>The item or stage the conversation was last about ("item:SG04:施工许可证"), for a follow-up that names none ("那要多久").</summary>
    public string? Topic { get; set; }

    /// <summary>When <see cref="Topic"/> was last named; a follow-up much later does not lean on it.</summary>
    public DateTimeOffset? TopicAt { get; set; }

    /// <summary>The user's last few messages, for the excerpt a hand-off sends to the assistant.</summary>
    public List<string> Recent { get; set; } = [];

    public static DialogState Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DialogState>(json, Json) ?? new DialogState();
        }
        catch (JsonException)
        {
            // A state written by an older release that cannot be read is dropped, not fatal: the user starts afresh.
            return new DialogState();
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Remember(string text)
    {
        Recent.Add(text.Length > 200 ? text[..200] : text);
        if (Recent.Count > 5)
        {
            Recent.RemoveAt(0);
        }
    }
}

/// <summary>Where a user stands in a flow: the flow's content hash when entered, the step, the slots, the attempts at this step.</summary>
public sealed class FlowFrame
{
    public string Flow { get; set; } = "";

    public string Hash { get; set; } = "";

    public string Step { get; set; } = "";

    public int Attempts { get; set; }

    /// <summary>Where the flow goes on once the step being asked again (a reask) has its answer; null in the usual order.</summary>
    public string? Resume { get; set; }

    public Dictionary<string, string> Slots { get; set; } = new(StringComparer.Ordinal);
}
