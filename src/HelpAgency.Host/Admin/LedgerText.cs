using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;
using HelpAgency.Host.Http;

namespace HelpAgency.Host.Admin;

/// <summary>
/// How a ledger line reads to staff: the action's name and a one-line summary of its details, in the ledger.* words of
/// console.yaml (statuses in replies.yaml's). A part of a summary that only some lines have is a text of its own.
/// </summary>
public sealed class LedgerText(ApprovalCatalog catalog, ReplyTemplates replies, ConsoleTexts texts)
{
    /// <summary>The actions the ledger records; each has a name, ledger.action.&lt;action&gt;.</summary>
    public static readonly IReadOnlyList<string> Actions =
    [
        "visit_booked", "case_opened", "agreement_confirmed", "case_assigned", "contact_replaced", "item_status", "material_precheck", "self_precheck",
        "service_record", "coordination_raised", "coordination_resolved", "meeting_scheduled", "meeting_minutes", "evaluated", "evaluation_requested",
        "case_archived", "case_terminated", "complaint", "handoff", "outbox_retry", "action_done", "case_supervised", "plan_redated",
    ];

    /// <summary>The texts of console.yaml the ledger is read in; the start fails without one.</summary>
    public static readonly IReadOnlyList<string> TemplateKeys =
    [
        .. Actions.Select(a => "ledger.action." + a),
        "ledger.actor.scheduler", "ledger.actor_with_id", "ledger.list_separator", "ledger.values_separator", "ledger.sheet",
        "ledger.column.number", "ledger.column.time", "ledger.column.reference", "ledger.column.project", "ledger.column.item", "ledger.column.action",
        "ledger.column.summary", "ledger.column.actor", "ledger.column.role",
        "ledger.case_opened", "ledger.case_opened.left_out", "ledger.case_opened.not_duplicate", "ledger.agreement_confirmed", "ledger.agreement_confirmed.at", "ledger.agreement_confirmed.paper",
        "ledger.case_assigned", "ledger.case_assigned.reassigned", "ledger.case_assigned.chosen",
        "ledger.item_status", "ledger.item_status.certificate", "ledger.item_status.note", "ledger.item_status.redated",
        "ledger.material_precheck.complete", "ledger.material_precheck.missing", "ledger.coordination_raised", "ledger.meeting_scheduled",
        "ledger.meeting_minutes", "ledger.evaluated", "ledger.evaluated.number", "ledger.evaluated.comment", "ledger.case_archived",
        "ledger.case_terminated", "ledger.case_terminated.unanswered", "ledger.evaluation_requested", "ledger.evaluation_requested.all_items_done",
        "ledger.evaluation_requested.terminable", "ledger.visit_booked", "ledger.contact_replaced", "ledger.self_precheck.complete",
        "ledger.self_precheck.missing", "ledger.handoff", "ledger.handoff.nobody", "ledger.handoff.excerpt", "ledger.case_supervised",
        "ledger.case_supervised.note", "ledger.plan_redated", "ledger.outbox_retry", "ledger.action_done", "ledger.action_done.owner",
    ];

    /// <summary>What an action is called (服务记录, 计划顺延 …); an action without a name shows as it is stored.</summary>
    public string ActionName(string action) => Actions.Contains(action) ? texts.Text("ledger.action." + action) : action;

    /// <summary>What a stored role is called (督导人员 …); an unknown one shows as it is stored.</summary>
    public string RoleName(string role) => Enum.GetValues<UserRole>().Any(r => r.ToStorage() == role) ? texts.Text("role." + role) : role;

    /// <summary>Who wrote a line, by name: the host's own work by what it is, a person by <paramref name="name"/> (else their id).</summary>
    public string ActorName(string actorId, string? name) => actorId == SystemActor.Scheduler.Id ? texts.Text("ledger.actor.scheduler") : name is { Length: > 0 } ? name : actorId;

    /// <summary>A person as the export names them: their name and account, or the account alone when no name is known.</summary>
    public string ActorWithId(string actorId, string? name) =>
        ActorName(actorId, name) is var shown && shown != actorId ? texts.Text("ledger.actor_with_id", ("name", shown), ("id", actorId)) : actorId;

    public string ItemName(string? code) => code is null ? "" : catalog.FindItem(code)?.Name ?? code;

    /// <summary>The details of a line in words; a shape without words of its own lists its values, never raw JSON.</summary>
    public string Summary(string action, string? itemCode, string details)
    {
        JsonElement d;
        try
        {
            d = JsonSerializer.Deserialize<JsonElement>(details);
        }
        catch (JsonException)
        {
            return details.TrimStart().StartsWith('{') || details.TrimStart().StartsWith('[') ? "" : details;
        }

        string S(string name) => d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString()
            : "";
        string Status(string name) => StoredNames.TryParseStored<ItemStatus>(S(name), out var status) ? replies.Label(status) : S(name);
        string T(string key, params (string Key, string Value)[] values) => texts.Text(key, values);
        // A part only some lines have: its text when the line has the value, else nothing.
        string Part(string key, string name, string value) => value.Length > 0 ? T(key, (name, value)) : "";
        var item = ("item", ItemName(itemCode));

        return action switch
        {
            "case_opened" => T("ledger.case_opened", ("project", S("project")), ("unit", S("unit")), ("finish", S("finish")),
                ("left_out", Part("ledger.case_opened.left_out", "items", List(ItemCodes(d, "left_out").Select(ItemName)))),
                ("not_duplicate", Part("ledger.case_opened.not_duplicate", "reference", S("not_duplicate_of")))),
            "agreement_confirmed" when S("way") == "paper" => T("ledger.agreement_confirmed.paper", ("signed_by", S("signed_by")), ("signed_on", S("signed_on"))),
            "agreement_confirmed" => T("ledger.agreement_confirmed", ("at", Part("ledger.agreement_confirmed.at", "at",
                DateTimeOffset.TryParse(S("confirmed_at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var agreedAt)
                    ? ChinaTime.Of(agreedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
                    : ""))),
            "case_assigned" => T("ledger.case_assigned", ("assistant", S("assistant")),
                ("reassigned", S("by") switch
                {
                    "supervisor" => T("ledger.case_assigned.reassigned", ("previous", S("previous"))),
                    "intake" => T("ledger.case_assigned.chosen"),
                    _ => "",
                })),
            "item_status" => T("ledger.item_status", item, ("from", Status("from")), ("to", Status("to")),
                ("certificate", S("to") == "approved" ? Part("ledger.item_status.certificate", "certificate", S("certificate")) : ""),
                ("note", Part("ledger.item_status.note", "note", S("note"))),
                ("redated", S("redated") is "0" ? "" : Part("ledger.item_status.redated", "count", S("redated")))),
            "material_precheck" => S("complete") is "True" or "true"
                ? T("ledger.material_precheck.complete", item)
                : T("ledger.material_precheck.missing", item, ("missing", List(Strings(d, "missing")))),
            "service_record" or "complaint" => S("text"),
            "coordination_raised" => T("ledger.coordination_raised", ("title", S("title")), ("lead", S("lead"))),
            "coordination_resolved" => S("resolution"),
            "meeting_scheduled" => T("ledger.meeting_scheduled", ("topic", S("topic")), ("place", S("place")), ("participants", Participants(d))),
            "meeting_minutes" => T("ledger.meeting_minutes"),
            "evaluated" => T("ledger.evaluated", ("number", S("number") is "1" ? "" : Part("ledger.evaluated.number", "number", S("number"))), ("score", S("score")),
                ("comment", Part("ledger.evaluated.comment", "comment", S("comment")))),
            "case_archived" => T("ledger.case_archived"),
            "case_terminated" => T("ledger.case_terminated", ("reason", S("reason")), ("unanswered", S("evaluation_requested") is { Length: > 0 } asked
                ? T("ledger.case_terminated.unanswered", ("asked", asked), ("working_days", S("working_days")))
                : "")),
            "evaluation_requested" => T(S("trigger") == "all_items_done" ? "ledger.evaluation_requested.all_items_done" : "ledger.evaluation_requested",
                ("terminable", Part("ledger.evaluation_requested.terminable", "from", S("terminable_from")))),
            "visit_booked" => T("ledger.visit_booked", ("topic", S("topic")), ("place", S("place"))),
            "contact_replaced" => T("ledger.contact_replaced", ("name", S("name")), ("added", S("added"))),
            "self_precheck" => Strings(d, "missing").ToList() is { Count: > 0 } missing
                ? T("ledger.self_precheck.missing", item, ("missing", List(missing)))
                : T("ledger.self_precheck.complete", item),
            "handoff" => T(S("assistant") is { Length: > 0 } ? "ledger.handoff" : "ledger.handoff.nobody", ("assistant", S("assistant")),
                ("excerpt", Part("ledger.handoff.excerpt", "excerpt", S("excerpt")))),
            "case_supervised" => T("ledger.case_supervised", ("assistant", S("assistant")), ("note", Part("ledger.case_supervised.note", "note", S("note")))),
            "plan_redated" => T("ledger.plan_redated", item, ("days", S("days")), ("items", List(ItemCodes(d, "moved").Select(ItemName)))),
            "outbox_retry" => T("ledger.outbox_retry", ("message", S("message"))),
            "action_done" => T("ledger.action_done", ("action", S("Description")), ("owner", Part("ledger.action_done.owner", "owner", S("owner")))),
            _ => Values(d),
        };
    }

    private string List(IEnumerable<string> names) => string.Join(texts.Text("ledger.list_separator"), names);

    /// <summary>An object's text and number values in order, for a line whose action has no words of its own yet.</summary>
    private string Values(JsonElement d) => d.ValueKind switch
    {
        JsonValueKind.Object => string.Join(texts.Text("ledger.values_separator"),
            d.EnumerateObject().Select(p => p.Value).Where(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number).Select(v => v.ToString())),
        JsonValueKind.String => d.GetString()!,
        _ => "",
    };

    /// <summary>The item codes of a list of objects that each name an item ({"item": "SG01", …}).</summary>
    private static IEnumerable<string> ItemCodes(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.String)
                .Select(e => e.GetProperty("item").GetString()!)
            : [];

    /// <summary>A meeting's participants by name; lines written before the names were kept list user ids.</summary>
    private string Participants(JsonElement d) => List(Strings(d, "names").ToList() is { Count: > 0 } names ? names : Strings(d, "participants"));

    private static IEnumerable<string> Strings(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.ToString())
            : [];
}
