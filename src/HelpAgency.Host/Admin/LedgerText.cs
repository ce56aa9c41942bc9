using System.Text.Json;
using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;

namespace HelpAgency.Host.Admin;

/// <summary>How a ledger line reads to staff: the action in Chinese and a one-line summary of its details.</summary>
public sealed class LedgerText(ApprovalCatalog catalog, ReplyTemplates replies)
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["visit_booked"] = "预约服务",
        ["case_opened"] = "委托受理",
        ["agreement_confirmed"] = "确认委托协议",
        ["case_assigned"] = "分派帮办专员",
        ["contact_replaced"] = "更换联系人",
        ["item_status"] = "事项进度",
        ["material_precheck"] = "材料预审",
        ["self_precheck"] = "材料自查",
        ["service_record"] = "服务记录",
        ["coordination_raised"] = "提请协调",
        ["coordination_resolved"] = "协调解决",
        ["meeting_scheduled"] = "安排协调会",
        ["meeting_minutes"] = "会议纪要",
        ["evaluated"] = "服务评价",
        ["evaluation_requested"] = "请求评价",
        ["case_archived"] = "项目归档",
        ["case_terminated"] = "终止帮办",
        ["complaint"] = "投诉",
        ["handoff"] = "转人工",
        ["outbox_retry"] = "重发消息",
        ["action_done"] = "会议事项完成",
        ["case_supervised"] = "督办",
        ["plan_redated"] = "计划顺延",
    };

    public static string ActionName(string action) => Actions.GetValueOrDefault(action, action);

    public static string RoleName(string role) => role switch
    {
        "supervisor" => "督导人员",
        "assistant" => "帮办专员",
        "contact" => "项目联系人",
        "system" => "系统",
        _ => role,
    };

    /// <summary>Who wrote a line, by name: the host's own work by what it is, a person by <paramref name="name"/> (else their id).</summary>
    public static string ActorName(string actorId, string? name) => actorId == SystemActor.Scheduler.Id ? "自动跟进" : name is { Length: > 0 } ? name : actorId;

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

        return action switch
        {
            "case_opened" => $"受理项目“{S("project")}”（{S("unit")}），计划办结 {S("finish")}" + LeftOut(d),
            "agreement_confirmed" => "企业在对话中同意委托条款" + (DateTimeOffset.TryParse(S("confirmed_at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var agreedAt) ? $"（{ChinaTime.Of(agreedAt):yyyy-MM-dd HH:mm}）" : ""),
            "case_assigned" => $"分派给 {S("assistant")}" + (S("by") == "supervisor" ? $"（督导改派，原 {S("previous")}）" : ""),
            "item_status" => $"{ItemName(itemCode)}：{Status("from")} → {Status("to")}" + (S("certificate") is { Length: > 0 } c && S("to") == "approved" ? $"，证照编号 {c}" : "") + (S("note") is { Length: > 0 } n ? $"，{n}" : "") + (S("redated") is { Length: > 0 } r && r != "0" ? $"；后续{r}个未开始事项顺延" : ""),
            "material_precheck" => $"{ItemName(itemCode)}：" + (S("complete") == "True" || S("complete") == "true" ? "必需材料齐全" : $"缺少 {string.Join("、", Strings(d, "missing"))}"),
            "service_record" or "complaint" => S("text"),
            "coordination_raised" => $"{S("title")}（牵头部门：{S("lead")}）",
            "coordination_resolved" => S("resolution"),
            "meeting_scheduled" => $"{S("topic")}，{S("place")}，参会 {Participants(d)}",
            "meeting_minutes" => "已记录会议纪要",
            "evaluated" => (S("number") is { Length: > 0 } n && n != "1" ? $"第{n}次评价，" : "") + $"评分 {S("score")} 分" + (S("comment") is { Length: > 0 } comment ? $"：{comment}" : ""),
            "case_archived" => "全部事项办结，项目归档",
            "case_terminated" => $"原因：{S("reason")}" + (S("evaluation_requested") is { Length: > 0 } asked
                ? $"；项目单位自 {asked} 请其评价后 {S("working_days")} 个工作日未评价，由督导终止"
                : ""),
            "evaluation_requested" => (S("trigger") == "all_items_done" ? "全部事项办结，请项目单位填写服务评价" : "请项目单位填写服务评价")
                + (S("terminable_from") is { Length: > 0 } from ? $"，{from} 起仍未评价的可终止帮办" : ""),
            "visit_booked" => $"{S("topic")}，{S("place")}",
            "contact_replaced" => $"新联系人 {S("name")}（{S("added")}）",
            "self_precheck" => $"{ItemName(itemCode)}：" + (Strings(d, "missing").ToList() is { Count: > 0 } missing ? $"自查缺少 {string.Join("、", missing)}" : "自查材料齐全"),
            "handoff" => (S("assistant") is { Length: > 0 } to ? $"转给 {to}" : "暂无帮办专员，已通知督导") + (S("excerpt") is { Length: > 0 } excerpt ? $"：{excerpt}" : ""),
"case_supervised" => $"督办 {S("assistant")}" + (S("note") is { Length: > 0 } urge ? $"：{urge}" : ""),
            "plan_redated" => $"{ItemName(itemCode)}超期未办结，后续未开始事项顺延{S("days")}个工作日：" + string.Join("、", ItemCodes(d, "moved").Select(ItemName)),
            "outbox_retry" => $"重新发送消息 #{S("message")}",
            "action_done" => $"{S("Description")}" + (S("owner") is { Length: > 0 } owner ? $"（负责人 {owner}）" : ""),
            _ => Values(d),
        };
    }

    /// <summary>An object's text and number values in order, for a line whose action has no words of its own yet.</summary>
    private static string Values(JsonElement d) => d.ValueKind switch
    {
        JsonValueKind.Object => string.Join("，", d.EnumerateObject().Select(p => p.Value).Where(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number).Select(v => v.ToString())),
        JsonValueKind.String => d.GetString()!,
        _ => "",
    };

    /// <summary>The conditional items the application's facts left out of the plan, named.</summary>
    private string LeftOut(JsonElement d)
    {
        var names = ItemCodes(d, "left_out").Select(ItemName).ToList();
        return names.Count > 0 ? $"；按申请情况不列入：{string.Join("、", names)}" : "";
    }

    /// <summary>The item codes of a list of objects that each name an item ({"item": "SG01", …}).</summary>
    private static IEnumerable<string> ItemCodes(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.String)
                .Select(e => e.GetProperty("item").GetString()!)
            : [];

    /// <summary>A meeting's participants by name; lines written before the names were kept list user ids.</summary>
    private static string Participants(JsonElement d) => string.Join("、", Strings(d, "names").ToList() is { Count: > 0 } names ? names : Strings(d, "participants"));

    private static IEnumerable<string> Strings(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => e.ToString())
            : [];
}
