using System.Text.Json.Nodes;

namespace HelpAgency.WeCom.Api;

/// <summary>A message/send request: recipients and content; the agent id comes from the options.</summary>
public sealed record AppMessage(MessageContent Content)
{
    public IReadOnlyList<string> Users { get; init; } = [];

    public IReadOnlyList<string> Parties { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>When set, WeCom drops an identical message to the same recipients within this interval (at most 4 hours).</summary>
    public TimeSpan? DuplicateCheckInterval { get; init; }

    public static AppMessage ToUsers(MessageContent content, params IReadOnlyList<string> users) => new(content) { Users = users };

    internal JsonObject ToJson(long agentId)
    {
        var json = new JsonObject();
        if (Users.Count > 0)
        {
            json["touser"] = string.Join('|', Users);
        }

        if (Parties.Count > 0)
        {
            json["toparty"] = string.Join('|', Parties);
        }

        if (Tags.Count > 0)
        {
            json["totag"] = string.Join('|', Tags);
        }

        json["agentid"] = agentId;
        Content.WriteTo(json);
        if (DuplicateCheckInterval is { } interval)
        {
            json["enable_duplicate_check"] = 1;
            json["duplicate_check_interval"] = (int)Math.Clamp(interval.TotalSeconds, 1, 4 * 3600);
        }

        return json;
    }
}
