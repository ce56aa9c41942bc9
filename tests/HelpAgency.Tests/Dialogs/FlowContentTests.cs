using HelpAgency.Core.Content;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Users;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Dialogs;

/// <summary>What `rasa data validate` would catch in our content, each named by file and line.</summary>
public sealed class FlowContentTests
{
    [Fact]
    public void The_shipped_flows_replies_validators_and_actions_fit_together()
    {
        var content = ShippedContent();

        foreach (var intent in new[] { "what_to_handle", "whom_to_contact", "how_to_proceed", "progress_query", "apply_service", "book_visit",
                     "precheck_materials", "evaluate", "terminate_service", "complaint", "handoff", "greet", "help", "cancel", "out_of_scope",
                     "update_progress", "log_service", "raise_coordination", "schedule_meeting", "my_tasks" })
        {
            Assert.True(content.ForIntent(intent) is not null, $"no flow answers '{intent}'");
        }
    }

    [Theory]
    [InlineData("flows:\n  - id: a\n    steps:\n      - {id: s1, say: greeting}\n      - {id: s1, say: greeting}\n", 5, "used twice")]
    [InlineData("flows:\n  - id: a\n    steps:\n      - {id: s1, say: greeting, goto: nowhere}\n", 4, "unknown step 'nowhere'")]
    [InlineData("flows:\n  - id: a\n    steps:\n      - {id: s1, say: greeting, action: x}\n", 4, "exactly one of")]
    [InlineData("flows:\n  - id: a\n    on_change: explode\n    steps:\n      - {id: s1, say: greeting}\n", 3, "on_change")]
    [InlineData("flows:\n  - id: a\n    roles: [boss]\n    steps:\n      - {id: s1, say: greeting}\n", 3, "unknown role")]
    [InlineData("flows:\n  - id: a\n    steps:\n      - {id: s1, collect: x, prompt: greeting, validate: text, max_attempts: 99}\n", 4, "max_attempts")]
    [InlineData("flows:\n  - id: a\n    steps:\n      - {id: s1, reask: field}\n", 4, "reask needs a goto")]
    [InlineData("flows:\n  - id: a\n    colour: red\n    steps:\n      - {id: s1, say: greeting}\n", 3, "colour")]
    public void A_broken_flow_is_reported_with_its_file_and_line(string yaml, int line, string problem)
    {
        var error = Assert.Throws<ContentException>(() => FlowLoader.Parse(yaml, "flows/test.yaml"));

        Assert.Equal("flows/test.yaml", error.File);
        Assert.Equal((long)line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{id: s1, say: no_such_template}", "no_such_template")]
    [InlineData("{id: s1, collect: x, prompt: greeting, validate: no_such_validator}", "no_such_validator")]
    [InlineData("{id: s1, action: no_such_action}", "no_such_action")]
    public void A_flow_naming_something_that_does_not_exist_stops_the_start(string step, string missing)
    {
        var flows = FlowLoader.Parse($"flows:\n  - id: extra\n    intents: [extra]\n    steps:\n      - {step}\n", "flows/extra.yaml")
            .Concat(ShippedFlows()).ToList();

        var error = Assert.Throws<ContentException>(() => Content(flows));

        Assert.Equal("flows/extra.yaml", error.File);
        Assert.Equal(5L, error.Line);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_flows_for_one_intent_are_refused()
    {
        var error = Assert.Throws<ContentException>(() => LoadFolder(GreetFlow("a", null), GreetFlow("b", null)));

        Assert.Contains("intent 'greet' starts two flows", error.Message, StringComparison.Ordinal);
        Assert.Equal("flows/b.yaml", error.File);
    }

    [Fact]
    public void One_intent_starts_one_flow_per_role_and_a_role_named_twice_is_refused()
    {
        var content = Content([.. LoadFolder(GreetFlow("a", "contact"), GreetFlow("b", "supervisor")), .. ShippedFlows().Where(f => !f.Intents.Contains("greet"))]);

        Assert.Equal("a", content.ForIntent("greet", UserRole.Contact)!.Id);
        Assert.Equal("b", content.ForIntent("greet", UserRole.Supervisor)!.Id);
        // Nobody's flow: the staff member gets the staff flow, whose roles word the refusal.
        Assert.Equal("b", content.ForIntent("greet", UserRole.Assistant)!.Id);

        var error = Assert.Throws<ContentException>(() => LoadFolder(GreetFlow("a", "contact"), GreetFlow("b", "supervisor, contact")));
        Assert.Contains("intent 'greet' starts two flows for the same users", error.Message, StringComparison.Ordinal);
        Assert.Equal("flows/b.yaml", error.File);
        Assert.Equal(2L, error.Line);
    }

    /// <summary>A flow file "{id}.yaml" whose flow answers greet, for the users of <paramref name="roles"/> (everyone when null).</summary>
    private static (string File, string Yaml) GreetFlow(string id, string? roles) =>
        ($"{id}.yaml", $"flows:\n  - id: {id}\n    intents: [greet]\n" + (roles is null ? "" : $"    roles: [{roles}]\n") + "    steps:\n      - {id: s, say: greeting}\n");

    /// <summary>The flows of a folder holding <paramref name="files"/>, as the host loads dialogs/flows.</summary>
    private static IReadOnlyList<FlowDefinition> LoadFolder(params (string File, string Yaml)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("flows-").FullName;
        try
        {
            foreach (var (file, yaml) in files)
            {
                File.WriteAllText(Path.Combine(folder, file), yaml);
            }

            return FlowLoader.Load(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Editing_a_flow_changes_its_hash_and_nothing_else_does()
    {
        const string yaml = "flows:\n  - id: a\n    steps:\n      - {id: s1, say: greeting}\n";
        var first = FlowLoader.Parse(yaml, "f.yaml")[0].Hash;

        Assert.Equal(first, FlowLoader.Parse(yaml, "f.yaml")[0].Hash);
        Assert.NotEqual(first, FlowLoader.Parse(yaml.Replace("greeting", "help", StringComparison.Ordinal), "f.yaml")[0].Hash);
    }

    private const string Settings = """
        recognition:
          accept_threshold: 0.5
        dialogs:
          global_intents: [cancel, help]
          form_enders:
            cancel: cancelled
          staff_intents: [update_progress]
          max_attempts: 2
          ordinals:
            first: ["1", 第一个]
            second: ["2", 后者]
          words:
            yes: [是, "OK"]
            no: [否]
            nothing: [无]
            do_not_know: [不清楚]
            change: [修改]
            agree: [同意]
            disagree: [不同意]
            all: [全部]
            none_of_them: [都没有]
        """;

    [Fact]
    public void Bot_settings_read_the_dialogs_section_and_refuse_nonsense()
    {
        var settings = BotSettings.Parse(new StringReader(Settings), "bot.yaml");
        Assert.Equal(["cancel", "help"], settings.GlobalIntents.Order());
        Assert.Equal("cancelled", settings.FormEnders["cancel"]);
        Assert.False(settings.FormEnders.ContainsKey("help"));
        Assert.Equal(2, settings.DefaultMaxAttempts);
        Assert.Equal(0, settings.Ordinal("第一个"));
        Assert.Equal(1, settings.Ordinal("后者"));
        Assert.Null(settings.Ordinal("第三个"));
        Assert.Contains("ok", settings.Words.Yes);
        Assert.Equal(["不同意"], settings.Words.Disagree);

        var error = Assert.Throws<ContentException>(() => BotSettings.Parse(new StringReader(Settings.Replace("max_attempts: 2", "max_attempts: 0", StringComparison.Ordinal)), "bot.yaml"));
        Assert.Equal(8L, error.Line);
    }

    [Theory]
    [InlineData("    cancel: cancelled", "    handoff: cancelled", 6, "handoff")]
    [InlineData("  ordinals:", "  ordinal_words:", 9, "ordinal_words")]
    [InlineData("  global_intents: [cancel, help]", "  global_intents: []", 4, "global_intents")]
    [InlineData("    do_not_know: [不清楚]\n", "", 13, "do_not_know")]
    [InlineData("    no: [否]", "    no: [否, 是]", 14, "'是' is in both words.yes and words.no")]
    [InlineData("    disagree: [不同意]", "    disagree: [不同意, 同意]", 19, "'同意' is in both words.agree and words.disagree")]
    [InlineData("    all: [全部]", "    everything: [全部]", 20, "everything")]
    public void Bot_settings_name_the_line_of_a_missing_or_unknown_entry(string line, string replacement, long at, string named)
    {
        var error = Assert.Throws<ContentException>(() => BotSettings.Parse(new StringReader(Settings.Replace(line, replacement, StringComparison.Ordinal)), "bot.yaml"));

        Assert.Equal("bot.yaml", error.File);
        Assert.Equal(at, error.Line);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_bot_settings_declare_the_global_intents_and_the_ordinals()
    {
        var settings = BotSettings.Load(Path.Combine(RepositoryRoot.Dialogs, BotSettings.FileName));

        Assert.Contains("handoff", settings.GlobalIntents);
        Assert.Null(settings.FormEnders["handoff"]);
        Assert.Equal("cancelled", settings.FormEnders["cancel"]);
        Assert.Equal(0, settings.Ordinal("前者"));
        Assert.Equal(1, settings.Ordinal("第二"));
    }

    private static IReadOnlyList<FlowDefinition> ShippedFlows() => FlowLoader.Load(Path.Combine(RepositoryRoot.Dialogs, FlowLoader.Folder));

    private static DialogContent ShippedContent() => Content(ShippedFlows());

    private static DialogContent Content(IReadOnlyList<FlowDefinition> flows) =>
        new(flows, SlotValidators.All(), DialogActions.All(),
            ReplyTemplates.Load(Path.Combine(RepositoryRoot.Dialogs, ReplyTemplates.FileName)), ReplyTemplates.FileName);
}
