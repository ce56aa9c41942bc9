using HelpAgency.Core.Content;

namespace HelpAgency.Core.Dialogs;

/// <summary>
/// The flows with the validators and actions they name, checked against each other at start the way
/// `rasa data validate` checks a project: every validator, action and reply template a flow uses exists.
/// </summary>
public sealed class DialogContent
{
    private readonly Dictionary<string, FlowDefinition> _flows;
    private readonly Dictionary<string, FlowDefinition> _byIntent;
    private readonly Dictionary<string, ISlotValidator> _validators;
    private readonly Dictionary<string, IDialogAction> _actions;

    public DialogContent(IReadOnlyList<FlowDefinition> flows, IEnumerable<ISlotValidator> validators, IEnumerable<IDialogAction> actions, ReplyTemplates replies, string repliesFile)
    {
        _flows = flows.ToDictionary(f => f.Id, StringComparer.Ordinal);
        _byIntent = flows.SelectMany(f => f.Intents.Select(i => (i, f))).ToDictionary(p => p.i, p => p.f, StringComparer.Ordinal);
        _validators = validators.ToDictionary(v => v.Name, StringComparer.Ordinal);
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Flows = flows;

        foreach (var flow in flows)
        {
            foreach (var step in flow.Steps)
            {
                var templates = step switch
                {
                    CollectStep c => new[] { c.Prompt, c.Retry },
                    SayStep s => [s.Template],
                    _ => [],
                };
                foreach (var template in templates.OfType<string>())
                {
                    if (!replies.Contains(template))
                    {
                        throw new ContentException(flow.File, step.Line, $"flow '{flow.Id}' step '{step.Id}' uses reply template '{template}', which {repliesFile} does not define");
                    }
                }

                if (step is CollectStep collect && !_validators.ContainsKey(collect.Validator))
                {
                    throw new ContentException(flow.File, step.Line, $"flow '{flow.Id}' step '{step.Id}' uses unknown validator '{collect.Validator}' (known: {string.Join(", ", _validators.Keys.Order())})");
                }

                if (step is ActionStep action && !_actions.ContainsKey(action.Action))
                {
                    throw new ContentException(flow.File, step.Line, $"flow '{flow.Id}' step '{step.Id}' uses unknown action '{action.Action}'");
                }
            }
        }

        foreach (var required in RequiredTemplates.Concat(Actions.DialogActions.Templates).Where(t => !replies.Contains(t)))
        {
            throw new ContentException(repliesFile, 1, $"missing reply template '{required}' that the dialog runtime needs");
        }

        if (!_byIntent.ContainsKey(DialogBot.FallbackIntent) || !_actions.ContainsKey("handoff"))
        {
            throw new ContentException(repliesFile, 0, $"the flows must handle '{DialogBot.FallbackIntent}' and the 'handoff' action must exist");
        }
    }

    /// <summary>The templates the runtime itself says, whatever the flows.</summary>
    public static readonly string[] RequiredTemplates =
    [
        "greeting", "not_understood", "unsupported_message", "invalid_answer", "attempts_exhausted", "cancelled", "back_to_question",
        "staff_only", "not_for_your_role", "supervisor_only", "clarify", "clarify_topic", "flow_changed_cancelled", "flow_changed_restarted",
    ];

    public IReadOnlyList<FlowDefinition> Flows { get; }

    public IEnumerable<string> Intents => _byIntent.Keys;

    public FlowDefinition? Find(string id) => _flows.GetValueOrDefault(id);

    public FlowDefinition? ForIntent(string intent) => _byIntent.GetValueOrDefault(intent);

    public ISlotValidator Validator(string name) => _validators[name];

    public IDialogAction Action(string name) => _actions[name];
}
