using HelpAgency.Core.Content;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;

namespace HelpAgency.Core.Dialogs;

/// <summary>
/// The flows with the validators and actions they name, checked against each other at start the way
/// `rasa data validate` checks a project: every validator, action and reply template a flow uses exists.
/// </summary>
public sealed class DialogContent
{
    private readonly Dictionary<string, FlowDefinition> _flows;
    private readonly Dictionary<string, List<FlowDefinition>> _byIntent;
    private readonly Dictionary<string, ISlotValidator> _validators;
    private readonly Dictionary<string, IDialogAction> _actions;
    private readonly Dictionary<UserRole, IReadOnlySet<string>> _closed;
    private readonly Dictionary<UserRole, IReadOnlySet<string>> _refused;

    public DialogContent(IReadOnlyList<FlowDefinition> flows, IEnumerable<ISlotValidator> validators, IEnumerable<IDialogAction> actions, ReplyTemplates replies, string repliesFile)
    {
        _flows = flows.ToDictionary(f => f.Id, StringComparer.Ordinal);
        _byIntent = flows.SelectMany(f => f.Intents.Select(i => (i, f))).GroupBy(p => p.i, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.f).ToList(), StringComparer.Ordinal);
        _validators = validators.ToDictionary(v => v.Name, StringComparer.Ordinal);
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Flows = flows;
        _closed = Enum.GetValues<UserRole>().ToDictionary(r => r, r => ClosedIntents(flows, r));
        _refused = _closed.ToDictionary(p => p.Key, p => Refused(p.Key, p.Value));

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

        foreach (var required in RequiredTemplates.Concat(Actions.DialogActions.Templates).Concat(SlotValidators.Templates).Where(t => !replies.Contains(t)))
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

    /// <summary>The flow an intent starts, whoever asks (the first, when roles share the intent).</summary>
    public FlowDefinition? ForIntent(string intent) => _byIntent.GetValueOrDefault(intent)?[0];

    /// <summary>
    /// The flow an intent starts for a user of <paramref name="role"/>; when none is theirs, the one of the role closest to
    /// theirs (a staff member gets a staff flow), whose roles then word the refusal.
    /// </summary>
    public FlowDefinition? ForIntent(string intent, UserRole role) => _byIntent.GetValueOrDefault(intent) is { } flows
        ? flows.FirstOrDefault(f => f.Roles is null || f.Roles.Contains(role)) ?? flows.FirstOrDefault(f => f.Roles!.Any(r => r.IsStaff() == role.IsStaff())) ?? flows[0]
        : null;

    /// <summary>What the recognizer knows of a user of <paramref name="role"/> who can see <paramref name="projects"/>.</summary>
    public RecognitionContext ContextFor(UserRole role, IReadOnlyList<string> projects) => new(projects, _closed[role], _refused[role]);

    /// <summary>The intents of <paramref name="flows"/> that every flow starting them keeps from <paramref name="role"/>.</summary>
    public static IReadOnlySet<string> ClosedIntents(IEnumerable<FlowDefinition> flows, UserRole role) =>
        flows.SelectMany(f => f.Intents.Select(i => (Intent: i, Open: f.Roles is null || f.Roles.Contains(role))))
            .GroupBy(p => p.Intent, StringComparer.Ordinal)
            .Where(g => !g.Any(p => p.Open))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The closed intents that a user of <paramref name="role"/> is told are not theirs when they plainly ask for one:
    /// staff commands asked by a contact. Staff asking for another staff role's command (an assistant's 申请督办) meant
    /// one of their own.
    /// </summary>
    public static IReadOnlySet<string> RefusedIntents(IEnumerable<FlowDefinition> flows, UserRole role) => Refused(role, ClosedIntents(flows, role));

    // What is closed to a contact is open to staff only: every such intent is refused to them; staff are refused nothing.
    private static IReadOnlySet<string> Refused(UserRole role, IReadOnlySet<string> closed) =>
        role.IsStaff() ? new HashSet<string>(StringComparer.Ordinal) : closed;

    public ISlotValidator Validator(string name) => _validators[name];

    public IDialogAction Action(string name) => _actions[name];
}
