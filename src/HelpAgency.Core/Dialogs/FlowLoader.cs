using System.Security.Cryptography;
using System.Text;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs;

/// <summary>Reads dialogs/flows/*.yaml and checks each flow on its own: ids, step kinds, jump targets.</summary>
public static class FlowLoader
{
    public const string Folder = "flows";

    private static readonly string[] StepKinds = ["collect", "say", "action", "branch", "reask", "end"];

    public static IReadOnlyList<FlowDefinition> Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ContentException(folder, 0, "folder not found");
        }

        var flows = new List<FlowDefinition>();
        foreach (var path in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            flows.AddRange(Parse(File.ReadAllText(path), Path.Combine(Folder, Path.GetFileName(path))));
        }

        var duplicate = flows.GroupBy(f => f.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.Skip(1).First();
            throw new ContentException(second.File, second.Line, $"flow '{duplicate.Key}' is defined twice");
        }

        // One intent may start one flow per role (终止帮办: the contact's own, a supervisor's 未评价终止): each then names its
        // roles, and no role is named twice.
        foreach (var intent in flows.SelectMany(f => f.Intents.Select(i => (Intent: i, Flow: f))).GroupBy(p => p.Intent).Where(g => g.Count() > 1))
        {
            var first = intent.First().Flow;
            var seen = first.Roles?.ToHashSet() ?? [];
            foreach (var flow in intent.Skip(1).Select(p => p.Flow))
            {
                if (first.Roles is null || flow.Roles is null || !flow.Roles.All(seen.Add))
                {
                    throw new ContentException(flow.File, flow.Line, $"intent '{intent.Key}' starts two flows for the same users: flows sharing an intent must each name their roles, and no role twice");
                }
            }
        }

        return flows;
    }

    public static IReadOnlyList<FlowDefinition> Parse(string yaml, string file)
    {
        using var reader = new StringReader(yaml);
        var root = YamlMap.LoadRoot(reader, file, "flows file");
        root.AllowOnly("flows file", "flows");
        var flows = new List<FlowDefinition>();
        foreach (var node in root.Sequence("flows", "flows file"))
        {
            flows.Add(ReadFlow(YamlMap.From(file, node, "flow"), yaml));
        }

        return flows;
    }

    private static FlowDefinition ReadFlow(YamlMap map, string source)
    {
        map.AllowOnly("flow", "id", "intents", "roles", "on_change", "about", "steps");
        var id = map.RequiredText("id", "flow");
        var what = $"flow '{id}'";
        var intents = map.TextList("intents", what).Select(i => i.Value).ToList();
        IReadOnlySet<UserRole>? roles = null;
        if (map.Has("roles"))
        {
            roles = map.TextList("roles", what).Select(r => ParseRole(map, r)).ToHashSet();
        }

        var onChange = map.OptionalText("on_change", what) switch
        {
            null or "restart_flow" => FlowChangePolicy.RestartFlow,
            "continue" => FlowChangePolicy.Continue,
            "cancel" => FlowChangePolicy.Cancel,
            var other => throw new ContentException(map.File, map.LineOf("on_change"), $"{what}: on_change must be continue, restart_flow or cancel, not '{other}'"),
        };

        var steps = map.Sequence("steps", what).Select(n => ReadStep(YamlMap.From(map.File, n, "step"), what)).ToList();
        if (steps.Count == 0)
        {
            throw new ContentException(map.File, map.LineOf("steps"), $"{what} has no steps");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!ids.Add(step.Id))
            {
                throw new ContentException(map.File, step.Line, $"{what}: step id '{step.Id}' is used twice");
            }
        }

        foreach (var step in steps)
        {
            var targets = step switch
            {
                BranchStep b => b.Cases.Select(c => c.Goto).Append(b.Else),
                _ => [step.Goto],
            };
            foreach (var target in targets.OfType<string>())
            {
                if (!ids.Contains(target))
                {
                    throw new ContentException(map.File, step.Line, $"{what}: step '{step.Id}' jumps to unknown step '{target}'");
                }
            }
        }

        // The hash covers the flow's own text, so any edit to it is noticed by users waiting inside it.
        var lines = source.Split('\n');
        var first = (int)map.Line - 1;
        var last = steps.Max(s => (int)s.Line);
        var text = string.Join('\n', lines.Skip(first).Take(Math.Max(1, last - first + 8)));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", steps.Select(s => s.ToString())) + text)))[..16];
        return new FlowDefinition(id, intents, roles, onChange, steps, hash, map.File, map.Line) { About = map.OptionalText("about", what) };
    }

    private static FlowStep ReadStep(YamlMap map, string flow)
    {
        var id = map.RequiredText("id", $"{flow} step");
        var what = $"{flow} step '{id}'";
        var kinds = StepKinds.Where(map.Has).ToList();
        if (kinds.Count != 1)
        {
            throw new ContentException(map.File, map.Line, $"{what} must have exactly one of: {string.Join(", ", StepKinds)}");
        }

        var jump = map.OptionalText("goto", what);
        switch (kinds[0])
        {
            case "collect":
                map.AllowOnly(what, "id", "collect", "prompt", "validate", "retry", "max_attempts", "goto");
                var attempts = map.OptionalInt("max_attempts", what) ?? 0;
                if (attempts is < 0 or > 10)
                {
                    throw new ContentException(map.File, map.LineOf("max_attempts"), $"{what}: max_attempts must be between 1 and 10");
                }

                return new CollectStep(id, map.RequiredText("collect", what), map.RequiredText("prompt", what), map.RequiredText("validate", what),
                    map.OptionalText("retry", what), attempts, jump, map.Line);
            case "say":
                map.AllowOnly(what, "id", "say", "goto");
                return new SayStep(id, map.RequiredText("say", what), jump, map.Line);
            case "action":
                map.AllowOnly(what, "id", "action", "goto");
                return new ActionStep(id, map.RequiredText("action", what), jump, map.Line);
            case "reask":
                map.AllowOnly(what, "id", "reask", "clear", "goto");
                var clear = map.Has("clear") ? map.TextList("clear", what).Select(c => c.Value).ToList() : [];
                return new ReaskStep(id, map.RequiredText("reask", what), clear,
                    jump ?? throw new ContentException(map.File, map.Line, $"{what}: reask needs a goto (where the flow goes on after the answer)"), map.Line);
            case "end":
                map.AllowOnly(what, "id", "end");
                return new EndStep(id, map.Line);
            default:
                map.AllowOnly(what, "id", "branch", "else");
                var cases = map.Sequence("branch", what).Select(n =>
                {
                    var c = YamlMap.From(map.File, n, $"{what} case");
                    c.AllowOnly($"{what} case", "slot", "equals", "goto");
                    return new BranchCase(c.RequiredText("slot", what), c.OptionalText("equals", what), c.RequiredText("goto", what));
                }).ToList();
                return new BranchStep(id, cases, map.OptionalText("else", what), map.Line);
        }
    }

    private static UserRole ParseRole(YamlMap map, (string Value, long Line) role) => role.Value switch
    {
        "contact" => UserRole.Contact,
        "assistant" => UserRole.Assistant,
        "supervisor" => UserRole.Supervisor,
        _ => throw new ContentException(map.File, role.Line, $"unknown role '{role.Value}' (contact, assistant or supervisor)"),
    };
}
