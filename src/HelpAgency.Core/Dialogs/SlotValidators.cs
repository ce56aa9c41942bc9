using System.Globalization;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Content;
using HelpAgency.Core.Projects;
using HelpAgency.Core.Recognition;

namespace HelpAgency.Core.Dialogs;

/// <summary>The validators flows can name. Each reads Chinese as people type it and stores a canonical value.</summary>
public static class SlotValidators
{
    /// <summary>The templates the validators word an accepted answer with; the start fails when replies.yaml lacks one.</summary>
    public static readonly IReadOnlyList<string> Templates =
    [
        "fact_unknown", "answer.yes", "answer.no", "answer.change", "answer.agree", "answer.disagree", "answer.nothing", "answer.all",
        "answer.score", "answer.follow_up_action", "answer.follow_up_separator", "case.list_separator", .. ReplyTemplates.DateKeys,
        .. CreditCodeProblem.TemplateKeys,
    ];

    /// <summary>The form's fields that hold an answer, in the order bot.yaml lists them: the numbered list offered after 否.</summary>
    public static IReadOnlyList<FieldWords> FilledFields(DialogTurn turn) =>
        [.. (turn.Services.Settings.Fields ?? []).Where(f => turn.Slots.ContainsKey(f.Slot))];

    public static IEnumerable<ISlotValidator> All() =>
    [
        new Simple("confirm_or_field", (t, turn) =>
        {
            // 是 submits; a named field (改一下手机号, 投资额不对) is asked again; 否 or 修改 asks which field; the value is the field's slot.
            var c = Clean(t).ToLowerInvariant();
            var words = turn.Services.Settings.Words;
            if (words.Yes.Contains(c))
            {
                return SlotResult.Accept("yes", Say(turn, "answer.yes"));
            }

            if (turn.Services.Settings.NamedField(c, turn.Slots.ContainsKey) is { } field)
            {
                return SlotResult.Accept(field.Slot, field.Label);
            }

            return words.No.Contains(c) || words.Change.Contains(c) ? SlotResult.Accept("change", Say(turn, "answer.change")) : SlotResult.Reject("invalid_confirm");
        }),
        new Simple("form_field", (t, turn) =>
        {
            // Which field to change: its number in the list, or its name.
            var fields = FilledFields(turn);
            var c = Clean(t);
            if (int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= fields.Count)
            {
                return SlotResult.Accept(fields[n - 1].Slot, fields[n - 1].Label);
            }

            return turn.Services.Settings.NamedField(c, turn.Slots.ContainsKey) is { } field ? SlotResult.Accept(field.Slot, field.Label) : SlotResult.Reject("invalid_field");
        }),
        new Simple("agree", (t, turn) => YesOrNo(t, turn, turn.Services.Settings.Words.Agree, "answer.agree", turn.Services.Settings.Words.Disagree, "answer.disagree", "invalid_agreement")),
        new Simple("investment", (t, turn) => Amount(t, turn, "万元", "invalid_investment")),
        new Simple("floor_area", (t, turn) => Amount(t, turn, "平方米", "invalid_floor_area")),
        new Simple("height", (t, turn) => Amount(t, turn, "米", "invalid_height")),
        new Simple("building_use", (t, turn) =>
        {
            var c = Clean(t);
            if (turn.Services.Settings.Words.DoNotKnow.Contains(c))
            {
                return SlotResult.Accept(PlanScope.Unknown, Say(turn, "fact_unknown"));
            }

            // A use the conditions know (厂房, 办公楼 …) is stored as that word, so their rules can compare it; another is kept as said.
            var word = turn.Services.Cases.Intake.Scope?.UseWords("use").FirstOrDefault(w => c.Contains(w, StringComparison.Ordinal));
            return word is not null ? SlotResult.Accept(word, c) : Text(c, 2, 30);
        }),
        // A name or a place: a message ending in a question ("要交钱吗") is the user asking, not answering.
        new Simple("text", (t, _) => EndsAsQuestion(t) ? SlotResult.Reject("text_is_question") : Text(t, 2, 100)),
        new Simple("long_text", (t, _) => Text(t, 2, 1000)),
        new Simple("optional_text", (t, turn) => turn.Services.Settings.Words.Nothing.Contains(Clean(t)) ? SlotResult.Accept("", Say(turn, "answer.nothing")) : Text(t, 1, 1000)),
        new Simple("credit_code", (t, turn) =>
        {
            var candidate = turn.Recognition.Entity("credit_code")?.Value ?? t;
            return CreditCode.TryParse(candidate, out var code, out var problem) ? SlotResult.Accept(code.Value) : SlotResult.RejectText(Say(turn, problem.Key, problem.Values));
        }),
        new Simple("mobile", (t, turn) =>
        {
            var digits = new string((turn.Recognition.Entity("phone")?.Value ?? t).Where(char.IsAsciiDigit).ToArray());
            return digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9'
                ? SlotResult.Accept(digits)
                : SlotResult.Reject("invalid_mobile");
        }),
        new Simple("yes_no", (t, turn) => YesOrNo(t, turn, turn.Services.Settings.Words.Yes, "answer.yes", turn.Services.Settings.Words.No, "answer.no", "invalid_yes_no")),
        new Simple("project_type", (t, turn) =>
        {
            var catalog = turn.Services.Catalog;
            var types = catalog.ProjectTypes.Where(p => !p.Overlay).ToList();
            var c = Clean(t);
            if (int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= types.Count)
            {
                return SlotResult.Accept(types[n - 1].Code, types[n - 1].Name);
            }

            var found = catalog.FindProjectTypeByAlias(c) ?? types.FirstOrDefault(p => c.Contains(p.Name, StringComparison.Ordinal) || p.Aliases.Any(a => c.Contains(a, StringComparison.Ordinal)));
            return found is { Overlay: false } ? SlotResult.Accept(found.Code, found.Name) : SlotResult.Reject("invalid_project_type");
        }),
        new Simple("score", (t, turn) =>
        {
            var c = Clean(t).Replace("分", "", StringComparison.Ordinal).Replace("星", "", StringComparison.Ordinal);
            var value = c switch
            {
                "1" or "一" => 1,
                "2" or "二" or "两" => 2,
                "3" or "三" => 3,
                "4" or "四" => 4,
                "5" or "五" or "满" => 5,
                _ => 0,
            };
            var score = value.ToString(CultureInfo.InvariantCulture);
            return value > 0 ? SlotResult.Accept(score, Say(turn, "answer.score", ("score", score))) : SlotResult.Reject("invalid_score");
        }),
        new Simple("item", (t, turn) =>
        {
            var catalog = turn.Services.Catalog;
            var item = turn.Recognition.Entity("item") is { } e ? catalog.FindItem(e.Value) : null;
            item ??= catalog.FindItemByAlias(Clean(t)) ?? catalog.MentionedItems(t).FirstOrDefault();
            return item is null ? SlotResult.Reject("invalid_item") : SlotResult.Accept(item.Code, item.Name);
        }),
        new Simple("item_status", (t, turn) =>
        {
            var value = turn.Recognition.Entity("status")?.Value;
            if (value is null || !StoredNames.TryParseStored<ItemStatus>(value, out var status))
            {
                return SlotResult.Reject("invalid_status");
            }

            return SlotResult.Accept(value, turn.Services.Replies.Label(status));
        }),
        new Simple("future_datetime", (t, turn) =>
        {
            if (turn.Recognition.Entity("datetime") is not { } e
                || !DateTimeOffset.TryParse(e.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                return SlotResult.Reject("invalid_datetime");
            }

            var local = ChinaTime.Of(when);
            if (when <= turn.Now)
            {
                return SlotResult.Reject("datetime_in_past");
            }

            var day = DateOnly.FromDateTime(local.DateTime);
            var time = TimeOnly.FromDateTime(local.DateTime);
            if (!turn.Services.Calendar.IsWorkingDay(day) || time < new TimeOnly(8, 30) || time > new TimeOnly(17, 30))
            {
                return SlotResult.Reject("datetime_outside_hours");
            }

            return SlotResult.Accept(when.ToString("O", CultureInfo.InvariantCulture), turn.Services.Replies.Time(when));
        }),
        new Simple("choice", (t, turn) =>
        {
            // A pick from the numbered list an action put in slot "_choices" as "value|label" lines.
            var options = (turn.Slot("_choices") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|', 2)).ToList();
            var c = Clean(t);
            if (int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= options.Count)
            {
                return SlotResult.Accept(options[n - 1][0], options[n - 1][1]);
            }

            var named = turn.Recognition.Entity("project")?.Name ?? turn.Recognition.Entity("project")?.Value;
            var match = options.FirstOrDefault(o => (named is not null && o[1].Contains(named, StringComparison.Ordinal))
                || (c.Length >= 2 && (o[1].Contains(c, StringComparison.Ordinal) || c.Contains(o[1], StringComparison.Ordinal))));
            return match is null ? SlotResult.Reject("invalid_choice") : SlotResult.Accept(match[0], match[1]);
        }),
        new Simple("follow_up_actions", (t, turn) =>
        {
            // "事项，责任人，完成日期", one a line or separated by "；"; "无" when the meeting decided none.
            if (turn.Services.Settings.Words.Nothing.Contains(Clean(t)))
            {
                return SlotResult.Accept("[]", Say(turn, "answer.nothing"));
            }

            var today = ChinaTime.Today(turn.Now);
            var actions = new List<ActionRequest>();
            foreach (var line in t.Split(['\n', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split([',', '，', '/', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var due = parts.Length == 3 ? ChineseDateTimeParser.Parse(parts[2], turn.Now).FirstOrDefault()?.Value : null;
                if (due is not { Length: >= 10 } || !DateOnly.TryParseExact(due[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day < today)
                {
                    return SlotResult.Reject("invalid_follow_up_actions");
                }

                actions.Add(new ActionRequest(parts[0], parts[1], day));
            }

            return actions.Count == 0
                ? SlotResult.Reject("invalid_follow_up_actions")
                : SlotResult.Accept(System.Text.Json.JsonSerializer.Serialize(actions, LedgerJson.Options), string.Join(Say(turn, "answer.follow_up_separator"),
                    actions.Select(a => Say(turn, "answer.follow_up_action", ("action", a.Description), ("owner", a.OwnerId), ("due", turn.Services.Replies.Day(a.DueDate))))));
        }),
        new Simple("numbers", (t, turn) =>
        {
            // Which of a numbered list the user has: "1 3 4", "1、2", "全部", "都没有".
            var count = (turn.Slot("_choices") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            var c = Clean(t);
            var words = turn.Services.Settings.Words;
            if (words.All.Contains(c))
            {
                return SlotResult.Accept(string.Join(",", Enumerable.Range(1, count)), Say(turn, "answer.all"));
            }

            if (words.NoneOfThem.Contains(c))
            {
                return SlotResult.Accept("", Say(turn, "answer.nothing"));
            }

            var picked = c.Split([' ', ',', '，', '、', '.', '和'], StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
                .ToList();
            return picked.Count > 0 && picked.All(n => n >= 1 && n <= count)
                ? SlotResult.Accept(string.Join(",", picked.Distinct().Order()), string.Join(Say(turn, "case.list_separator"), picked.Distinct().Order()))
                : SlotResult.Reject("invalid_numbers");
        }),
    ];

    /// <summary>A quantity in <paramref name="unit"/> (800万, 3000平方米, 12米, or a bare number in that unit), or "不清楚".</summary>
    private static SlotResult Amount(string text, DialogTurn turn, string unit, string problem)
    {
        var c = Clean(text);
        if (turn.Services.Settings.Words.DoNotKnow.Contains(c))
        {
            return SlotResult.Accept(PlanScope.Unknown, Say(turn, "fact_unknown"));
        }

        var (kind, factor) = Knowledge.QuantityUnits.Parse(unit)!.Value;
        var value = double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)
            ? bare
            : Knowledge.QuantityReader.First(Knowledge.QuantityReader.Read(c), kind) / factor;
        if (value is not { } v || v < 0 || v > 1e9)
        {
            return SlotResult.Reject(problem);
        }

        var stored = Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);
        return SlotResult.Accept(stored, stored + unit);
    }

    /// <summary>One of <see cref="Templates"/> with its {placeholders} filled.</summary>
    /// <summary>"yes" for a word of <paramref name="yes"/>, "no" for one of <paramref name="no"/>, each shown by its template; else the rejection.</summary>
    private static SlotResult YesOrNo(string text, DialogTurn turn, IReadOnlySet<string> yes, string yesShown, IReadOnlySet<string> no, string noShown, string problem)
    {
        var c = Clean(text).ToLowerInvariant();
        return yes.Contains(c) ? SlotResult.Accept("yes", Say(turn, yesShown))
            : no.Contains(c) ? SlotResult.Accept("no", Say(turn, noShown))
            : SlotResult.Reject(problem);
    }

    private static string Say(DialogTurn turn, string key, params (string Key, string Value)[] values) => turn.Services.Render(key, ReplyTemplates.Values(values));

    private static SlotResult Text(string text, int min, int max)
    {
        var t = text.Trim();
        return t.Length < min ? SlotResult.Reject("text_too_short") : t.Length > max ? SlotResult.Reject("text_too_long") : SlotResult.Accept(t);
    }

    private static bool EndsAsQuestion(string text) => Clean(text) is { Length: > 0 } c && c[^1] is '吗' or '么' or '嘛' or '？' or '?';

    private static string Clean(string text) => text.Trim().TrimEnd('。', '.', '!', '！', '~', '～').Trim();

    private sealed class Simple(string name, Func<string, DialogTurn, SlotResult> validate) : ISlotValidator
    {
        public string Name { get; } = name;

        public SlotResult Validate(string text, DialogTurn turn) => validate(text, turn);
    }
}
